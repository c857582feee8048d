namespace ActressOnnx.Train.Gather;

/// <summary>What a gather ended with: counts per class, and the images kept in more than one class of the dataset.</summary>
internal sealed record GatherReport(IReadOnlyList<ClassSummary> Classes, IReadOnlyList<CrossClassDuplicate> CrossClassDuplicates);

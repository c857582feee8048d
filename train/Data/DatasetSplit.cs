namespace ActressOnnx.Train.Data;

/// <summary>Indices into a dataset: which examples train and which validate. Disjoint; together they cover it.</summary>
/// <param name="GroupsKeptTogether">Duplicate groups (of two or more images) the split kept on one side.</param>
internal sealed record DatasetSplit(int[] Train, int[] Valid, int GroupsKeptTogether = 0);

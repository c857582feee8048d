namespace ActressOnnx.Train.Gather;

/// <summary>What <see cref="AttributionWriter"/> wrote: the file, the kept files it lists, and how many of those have no known licence.</summary>
internal sealed record AttributionSummary(string Path, int Files, int UnknownLicence);

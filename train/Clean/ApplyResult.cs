namespace ActressOnnx.Train.Clean;

/// <summary>What an apply did: the log batch, how many files went where, the page's new version and any warnings.</summary>
internal sealed record ApplyResult(string Batch, int Deleted, int Moved, int Version, IReadOnlyList<string> Warnings);

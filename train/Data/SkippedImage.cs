namespace ActressOnnx.Train.Data;

/// <summary>A dataset file that was left out because it could not be read or decoded, and why.</summary>
internal sealed record SkippedImage(string Path, string Reason);

namespace ActressOnnx.Storage;

/// <summary>One published version of a model, as listed from storage.</summary>
/// <param name="Version">The version (sorts in publish order).</param>
/// <param name="BlobName">The model blob's name.</param>
/// <param name="Sha256">The SHA-256 recorded in the blob's metadata, or null if it has none.</param>
/// <param name="SizeBytes">The blob's size.</param>
/// <param name="IsCurrent">Whether the model's pointer names this version.</param>
public sealed record ModelVersionInfo(string Version, string BlobName, string? Sha256, long SizeBytes, bool IsCurrent);

namespace ActressOnnx.Storage;

/// <summary>One published version of a model, as listed from storage.</summary>
/// <param name="Version">The version (sorts in publish order).</param>
/// <param name="BlobName">The model blob's name.</param>
/// <param name="Sha256">The SHA-256 recorded in the blob's metadata, or null if it has none.</param>
/// <param name="SizeBytes">The blob's size.</param>
/// <param name="IsCurrent">Whether the model's pointer names this version.</param>
public sealed record ModelVersionInfo(string Version, string BlobName, string? Sha256, long SizeBytes, bool IsCurrent)
{
    /// <summary>When the version's blob was created, when storage reports it.</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>What the publisher stored with the version (e.g. validation metrics), by name.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}

namespace ActressOnnx.Storage;

/// <summary>What <see cref="ModelRepositoryClient.PublishAsync(string, CancellationToken)"/> did.</summary>
/// <param name="ModelName">The model's name.</param>
/// <param name="Published">The published version, blob and hash.</param>
/// <param name="BlobUri">The model blob's URI.</param>
/// <param name="BecameCurrent">
/// False only when a concurrent publish of a newer version won: the pointer is never moved backwards.
/// </param>
/// <param name="Replaced">The version the pointer named before this publish moved it; null if none or not moved.</param>
public sealed record PublishResult(string ModelName, ModelPointer Published, Uri BlobUri, bool BecameCurrent, string? Replaced = null);

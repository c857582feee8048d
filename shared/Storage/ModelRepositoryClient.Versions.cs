using Azure;
using Azure.Storage.Blobs.Models;

namespace ActressOnnx.Storage;

/// <summary>The operator's side of the repository: listing a model's versions and rolling the pointer back.</summary>
public sealed partial class ModelRepositoryClient
{
    /// <summary>
    /// Points <c>current.json</c> at the published <paramref name="version"/> after checking that its blob exists and
    /// matches its recorded SHA-256. The write is conditional on the pointer's ETag as read, so two concurrent
    /// rollbacks (or a rollback racing a publish) can never tear it: the loser gets
    /// <see cref="ModelPointerConflictException"/> and nothing is written.
    /// </summary>
    /// <returns>The version the pointer named before (null if none) and the new pointer.</returns>
    /// <exception cref="ModelNotFoundException">No such version.</exception>
    /// <exception cref="ModelIntegrityException">The version's blob no longer matches its SHA-256.</exception>
    /// <exception cref="ModelPointerConflictException">The pointer changed while this ran.</exception>
    public async Task<(string? Replaced, ModelPointer Current)> RollbackAsync(string version, CancellationToken cancellationToken)
    {
        if (ModelVersion.TryParse(version) is null)
        {
            throw new ModelNotFoundException($"'{version}' is not a model version (they look like 20260102T030405006Z); run 'actressonnx models list --name {ModelName}' to see them.");
        }

        var current = await _pointer.ReadAsync(cancellationToken).ConfigureAwait(false);
        var blob = _container.GetBlobClient($"{ModelName}/{version}/{ModelFileName}");
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new ModelNotFoundException(
                $"Model '{ModelName}' has no version {version} in container '{_container.Name}'; run 'actressonnx models list --name {ModelName}' to see the published ones.", ex);
        }

        if (!properties.Metadata.TryGetValue(Sha256MetadataKey, out var sha256) || string.IsNullOrEmpty(sha256))
        {
            throw new ModelIntegrityException($"Model '{ModelName}' version {version} has no recorded SHA-256; publish the model again instead of rolling back to it.");
        }

        var target = new ModelPointer(version, blob.Name, sha256, properties.CreatedOn);
        // Read the whole blob once: a version that fails its check must not become the served one.
        await DownloadAsync(target, cancellationToken).ConfigureAwait(false);
        if (current?.Pointer.Version == version)
        {
            return (version, current.Value.Pointer);
        }

        if (!await _pointer.TryReplaceAsync(target, current?.ETag, cancellationToken).ConfigureAwait(false))
        {
            var now = await GetCurrentAsync(cancellationToken).ConfigureAwait(false);
            throw new ModelPointerConflictException(
                $"{PointerBlobName} changed while rolling back (it now names {now?.Version ?? "nothing"}); another publish or rollback won. Check 'actressonnx models list --name {ModelName}' and run the rollback again if still wanted.");
        }

        return (current?.Pointer.Version, target);
    }

    /// <summary>All published versions of the model, oldest first; empty when none (or the container is missing).</summary>
    public async Task<IReadOnlyList<ModelVersionInfo>> ListVersionsAsync(CancellationToken cancellationToken)
    {
        var current = await GetCurrentAsync(cancellationToken).ConfigureAwait(false);
        var versions = new List<ModelVersionInfo>();
        try
        {
            var blobs = _container.GetBlobsAsync(new GetBlobsOptions { Prefix = ModelName + "/", Traits = BlobTraits.Metadata }, cancellationToken);
            await foreach (var blob in blobs.ConfigureAwait(false))
            {
                var parts = blob.Name.Split('/');
                if (parts.Length != 3 || parts[2] != ModelFileName || ModelVersion.TryParse(parts[1]) is null)
                {
                    continue;
                }

                blob.Metadata.TryGetValue(Sha256MetadataKey, out var sha256);
                var properties = blob.Metadata
                    .Where(m => m.Key is not Sha256MetadataKey and not VersionMetadataKey)
                    .ToDictionary(m => m.Key, m => m.Value, StringComparer.OrdinalIgnoreCase);
                versions.Add(new ModelVersionInfo(parts[1], blob.Name, sha256, blob.Properties.ContentLength ?? 0, current?.Version == parts[1])
                {
                    PublishedAt = blob.Properties.CreatedOn ?? ModelVersion.TryParse(parts[1]),
                    Properties = properties,
                });
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }

        versions.Sort((a, b) => string.CompareOrdinal(a.Version, b.Version));
        return versions;
    }
}

using ActressOnnx.Storage;

namespace ActressOnnx.Serving.ModelLifecycle;

/// <summary>Starting on the last known good version when the published one is refused.</summary>
public sealed partial class ModelLoader
{
    /// <summary>
    /// Tries the versions published before the <paramref name="refusal"/>'s version, newest first, at most
    /// <see cref="ServingOptions.LastKnownGoodTries"/> of them, each downloaded, checked, loaded and warmed up like the
    /// published one; the first that passes is swapped in, with <paramref name="refusal"/> as <see cref="LastFailure"/>.
    /// Storage failures throw (the next poll starts over).
    /// </summary>
    /// <returns>True when an earlier version now serves.</returns>
    private async Task<bool> TryLastKnownGoodAsync(ModelRepositoryClient client, RefreshFailure refusal, CancellationToken cancellationToken)
    {
        if (_servingOptions.LastKnownGoodTries <= 0)
        {
            return false;
        }

        var versions = await client.ListVersionsAsync(cancellationToken).ConfigureAwait(false);
        var candidates = versions
            .Where(v => string.CompareOrdinal(v.Version, refusal.Version) < 0)
            .OrderByDescending(v => v.Version, StringComparer.Ordinal)
            .Take(_servingOptions.LastKnownGoodTries);
        foreach (var candidate in candidates)
        {
            if (string.IsNullOrEmpty(candidate.Sha256))
            {
                _logger.LogWarning("Version {Version} has no recorded SHA-256; not a last known good candidate", candidate.Version);
                continue;
            }

            var pointer = new ModelPointer(candidate.Version, candidate.BlobName, candidate.Sha256, candidate.PublishedAt ?? DateTimeOffset.MinValue);
            if (await TryLoadAsync(client, pointer, refusal, cancellationToken).ConfigureAwait(false) is { } failure)
            {
                _logger.LogWarning("Earlier version {Version} refused too ({Code}): {Reason}", candidate.Version, failure.Code, failure.Reason);
                continue;
            }

            return true;
        }

        _logger.LogWarning("No earlier version of the model passed its checks (tried at most {Tries} before {Refused})", _servingOptions.LastKnownGoodTries, refusal.Version);
        return false;
    }
}

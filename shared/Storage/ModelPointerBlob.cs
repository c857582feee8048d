using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ActressOnnx.Storage;

/// <summary>
/// Reads and writes <c>&lt;model-name&gt;/current.json</c>. Every write is conditional on the ETag it read, so two
/// writers can never interleave: one wins, the other sees 412 and decides again from what is there now.
/// </summary>
internal sealed class ModelPointerBlob
{
    private static readonly JsonSerializerOptions PointerJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly BlobClient _blob;
    private readonly string _containerName;

    public ModelPointerBlob(BlobContainerClient container, string blobName)
    {
        _blob = container.GetBlobClient(blobName);
        _containerName = container.Name;
    }

    public string Name => _blob.Name;

    /// <summary>The pointer and its ETag, or null when there is none (or no container).</summary>
    public async Task<(ModelPointer Pointer, ETag ETag)?> ReadAsync(CancellationToken cancellationToken)
    {
        var read = await ReadIfChangedAsync(null, cancellationToken).ConfigureAwait(false);
        return read.Current is { } pointer ? (pointer, read.ETag!.Value) : null;
    }

    /// <summary>
    /// Reads the pointer unless its ETag is still <paramref name="knownETag"/>: an unchanged pointer costs one
    /// conditional GET answered 304 with no body.
    /// </summary>
    public async Task<CurrentPointer> ReadIfChangedAsync(ETag? knownETag, CancellationToken cancellationToken)
    {
        Response<BlobDownloadResult> response;
        try
        {
            var options = knownETag is { } known ? new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = known } } : null;
            response = await _blob.DownloadContentAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 304)
        {
            return new CurrentPointer(Changed: false, Current: null, ETag: knownETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Nothing to compare with: report it as a change, so a caller that knew nothing learns there is nothing.
            return new CurrentPointer(Changed: true, Current: null, ETag: null);
        }

        // A 304 Not Modified arrives as a response without a body rather than an exception.
        if (response.GetRawResponse().Status == 304)
        {
            return new CurrentPointer(Changed: false, Current: null, ETag: knownETag);
        }

        var result = response.Value;
        if (result.Details.ETag == knownETag)
        {
            return new CurrentPointer(Changed: false, Current: null, ETag: knownETag);
        }

        return new CurrentPointer(Changed: true, Parse(result.Content), result.Details.ETag);
    }

    /// <summary>
    /// Writes <paramref name="pointer"/> if the blob still has <paramref name="expected"/> (null: if there is none).
    /// Returns false, writing nothing, when someone else changed it first.
    /// </summary>
    public async Task<bool> TryReplaceAsync(ModelPointer pointer, ETag? expected, CancellationToken cancellationToken)
    {
        var conditions = expected is { } etag ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        try
        {
            await _blob.UploadAsync(BinaryData.FromObjectAsJson(pointer, PointerJson), new BlobUploadOptions
            {
                Conditions = conditions,
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private ModelPointer Parse(BinaryData content)
    {
        ModelPointer? pointer;
        try
        {
            pointer = content.ToObjectFromJson<ModelPointer>(PointerJson);
        }
        catch (JsonException ex)
        {
            throw new ModelIntegrityException($"{Name} in container '{_containerName}' is not valid JSON ({ex.Message}); publish the model again.", ex);
        }

        if (pointer is null || ModelVersion.TryParse(pointer.Version) is null || string.IsNullOrEmpty(pointer.BlobName) || string.IsNullOrEmpty(pointer.Sha256))
        {
            throw new ModelIntegrityException($"{Name} in container '{_containerName}' lacks a valid version, blobName or sha256; publish the model again.");
        }

        return pointer;
    }
}

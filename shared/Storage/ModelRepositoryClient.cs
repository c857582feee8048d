using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ActressOnnx.Storage;

/// <summary>
/// Publishes ONNX models to Blob Storage and fetches the current one. Layout in the container:
/// <c>&lt;model-name&gt;/&lt;version&gt;/model.onnx</c> (immutable, SHA-256 in its metadata) and
/// <c>&lt;model-name&gt;/current.json</c>, a <see cref="ModelPointer"/> to the served version. Publishing is safe
/// to run concurrently: versions never collide and the pointer never moves to an older version.
/// </summary>
public sealed partial class ModelRepositoryClient
{
    /// <summary>The blob metadata key holding a model blob's lower-case hex SHA-256.</summary>
    public const string Sha256MetadataKey = "sha256";

    /// <summary>The blob metadata key holding a model blob's version.</summary>
    public const string VersionMetadataKey = "version";

    private const string ModelFileName = "model.onnx";
    private const int MaxAttempts = 50;

    private readonly BlobContainerClient _container;
    private readonly TimeProvider _clock;
    private readonly ModelPointerBlob _pointer;

    /// <summary>Creates a client for the model <paramref name="modelName"/> in <paramref name="container"/>.</summary>
    public ModelRepositoryClient(BlobContainerClient container, string modelName, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
        ModelName = ValidateModelName(modelName);
        _clock = clock ?? TimeProvider.System;
        _pointer = new ModelPointerBlob(container, PointerBlobName);
    }

    /// <summary>The model's name, the prefix of its blobs.</summary>
    public string ModelName { get; }

    /// <summary>The container's URI.</summary>
    public Uri ContainerUri => _container.Uri;

    /// <summary>The blob name of the model's current-version pointer.</summary>
    public string PointerBlobName => ModelName + "/current.json";

    /// <summary>
    /// Creates a client from options: the connection string when given, otherwise the account URL with
    /// DefaultAzureCredential (see <see cref="ModelStorageClients.CreateServiceClient"/>).
    /// </summary>
    /// <exception cref="ModelStorageException">Neither a connection string nor a valid account URL is configured.</exception>
    public static ModelRepositoryClient Create(ModelStorageOptions options, BlobClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Create(ModelStorageClients.CreateServiceClient(options, clientOptions), options);
    }

    /// <summary>Creates a client for the container and model <paramref name="options"/> name, on <paramref name="service"/>.</summary>
    /// <exception cref="ModelStorageException">The container or model name is invalid.</exception>
    public static ModelRepositoryClient Create(BlobServiceClient service, ModelStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        return new ModelRepositoryClient(service.GetBlobContainerClient(ValidateContainerName(options.ContainerName)), options.ModelName);
    }

    /// <summary>
    /// Uploads <paramref name="modelPath"/> as a new version (creating the container, private, if missing) and
    /// points the model's <c>current.json</c> at it unless a newer version was published meanwhile.
    /// </summary>
    public Task<PublishResult> PublishAsync(string modelPath, CancellationToken cancellationToken) =>
        PublishAsync(modelPath, null, cancellationToken);

    /// <summary>
    /// Publishes like <see cref="PublishAsync(string, CancellationToken)"/>, storing <paramref name="properties"/>
    /// (e.g. the model's validation metrics; keys are letters and digits) in the version blob's metadata, where
    /// <see cref="ListVersionsAsync"/> reports them.
    /// </summary>
    public async Task<PublishResult> PublishAsync(string modelPath, IReadOnlyDictionary<string, string>? properties, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"Model file '{modelPath}' does not exist; pass the path of an exported .onnx file.", modelPath);
        }

        string sha256;
        await using (var stream = File.OpenRead(modelPath))
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }

        await _container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken).ConfigureAwait(false);
        var (blob, version) = await UploadNewVersionAsync(modelPath, sha256, properties, cancellationToken).ConfigureAwait(false);
        var pointer = new ModelPointer(version, blob.Name, sha256, _clock.GetUtcNow());
        var (becameCurrent, replaced) = await MovePointerForwardAsync(pointer, cancellationToken).ConfigureAwait(false);
        return new PublishResult(ModelName, pointer, blob.Uri, becameCurrent, replaced);
    }

    /// <summary>The pointer to the served version, or null when nothing has been published (or the container is missing).</summary>
    /// <exception cref="ModelIntegrityException">The pointer blob exists but is not a valid pointer.</exception>
    public async Task<ModelPointer?> GetCurrentAsync(CancellationToken cancellationToken)
    {
        var current = await _pointer.ReadAsync(cancellationToken).ConfigureAwait(false);
        return current?.Pointer;
    }

    /// <summary>
    /// Reads the pointer unless it still has <paramref name="knownETag"/>; an unchanged pointer costs one conditional
    /// request with no body. Pass null to read it whatever it is.
    /// </summary>
    /// <exception cref="ModelIntegrityException">The pointer blob exists but is not a valid pointer.</exception>
    public Task<CurrentPointer> GetCurrentIfChangedAsync(ETag? knownETag, CancellationToken cancellationToken) =>
        _pointer.ReadIfChangedAsync(knownETag, cancellationToken);

    /// <summary>Downloads the served version and checks its SHA-256 against the pointer.</summary>
    /// <exception cref="ModelNotFoundException">Nothing has been published under <see cref="ModelName"/>.</exception>
    /// <exception cref="ModelIntegrityException">The blob's content does not match the published SHA-256.</exception>
    public async Task<DownloadedModel> DownloadCurrentAsync(CancellationToken cancellationToken)
    {
        var pointer = await GetCurrentAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new ModelNotFoundException(
                $"No model named '{ModelName}' has been published to container '{_container.Name}' (no {PointerBlobName}); run 'actressonnx publish --model model.onnx --name {ModelName}'.");
        return await DownloadAsync(pointer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Downloads the version <paramref name="published"/> names and checks its SHA-256. The blob is streamed into one
    /// array of its size, each chunk hashed while the next one downloads.
    /// </summary>
    /// <exception cref="ModelNotFoundException">The model blob does not exist.</exception>
    /// <exception cref="ModelIntegrityException">The blob's content does not match <see cref="ModelPointer.Sha256"/>.</exception>
    public async Task<DownloadedModel> DownloadAsync(ModelPointer published, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(published);
        BlobDownloadStreamingResult download;
        try
        {
            download = (await _container.GetBlobClient(published.BlobName).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new ModelNotFoundException(
                $"Model '{ModelName}' version {published.Version} points at blob '{published.BlobName}', which does not exist in container '{_container.Name}'; publish the model again.", ex);
        }

        byte[] bytes;
        string actual;
        using (download)
        {
            (bytes, actual) = await ReadAndHashAsync(download.Content, download.Details.ContentLength, published, cancellationToken).ConfigureAwait(false);
        }

        if (!string.Equals(actual, published.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelIntegrityException(
                $"Model '{ModelName}' version {published.Version} failed its integrity check: blob '{published.BlobName}' has SHA-256 {actual} but was published with {published.Sha256}. The blob was modified or damaged; publish the model again.");
        }

        return new DownloadedModel(ModelName, published, bytes);
    }

    private async Task<(byte[] Bytes, string Sha256)> ReadAndHashAsync(Stream content, long length, ModelPointer published, CancellationToken cancellationToken)
    {
        const int ChunkBytes = 1 << 20;
        if (length > Array.MaxLength)
        {
            throw new ModelIntegrityException($"Model '{ModelName}' version {published.Version} is {length} bytes, larger than a model can be; publish the model again.");
        }

        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var total = 0;
        var reading = content.ReadAsync(bytes.AsMemory(0, Math.Min(ChunkBytes, bytes.Length)), cancellationToken);
        while (true)
        {
            var start = total;
            var read = await reading.ConfigureAwait(false);
            total += read;
            if (read == 0 || total == bytes.Length)
            {
                hash.AppendData(bytes, start, read);
                break;
            }

            // The next chunk downloads while this one is hashed.
            reading = content.ReadAsync(bytes.AsMemory(total, Math.Min(ChunkBytes, bytes.Length - total)), cancellationToken);
            hash.AppendData(bytes, start, read);
        }

        if (total != bytes.Length || await content.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new ModelIntegrityException(
                $"Model '{ModelName}' version {published.Version}: blob '{published.BlobName}' did not have the {length} bytes storage announced; publish the model again.");
        }

        return (bytes, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private async Task<(BlobClient Blob, string Version)> UploadNewVersionAsync(
        string modelPath, string sha256, IReadOnlyDictionary<string, string>? properties, CancellationToken cancellationToken)
    {
        var previous = (await GetCurrentAsync(cancellationToken).ConfigureAwait(false))?.Version;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var version = ModelVersion.Next(_clock.GetUtcNow(), previous);
            var blob = _container.GetBlobClient($"{ModelName}/{version}/{ModelFileName}");
            try
            {
                await using var stream = File.OpenRead(modelPath);
                await blob.UploadAsync(stream, new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
                    Metadata = BlobMetadata(properties, sha256, version),
                }, cancellationToken).ConfigureAwait(false);
                return (blob, version);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another publisher took this version in the same millisecond: move past it.
                previous = version;
            }
        }

        throw new ModelStorageException($"Could not find a free version for model '{ModelName}' after {MaxAttempts} attempts; too many concurrent publishes.");
    }

    private static Dictionary<string, string> BlobMetadata(IReadOnlyDictionary<string, string>? properties, string sha256, string version)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in properties ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrEmpty(key) || !char.IsAsciiLetter(key[0]) || !key.All(char.IsAsciiLetterOrDigit))
            {
                throw new ArgumentException($"Property name '{key}' cannot be blob metadata; use ASCII letters and digits, starting with a letter.", nameof(properties));
            }

            metadata[key] = value;
        }

        metadata[Sha256MetadataKey] = sha256;
        metadata[VersionMetadataKey] = version;
        return metadata;
    }

    private async Task<(bool BecameCurrent, string? Replaced)> MovePointerForwardAsync(ModelPointer pointer, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await _pointer.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (current is { } existing && string.CompareOrdinal(existing.Pointer.Version, pointer.Version) >= 0)
            {
                return (existing.Pointer.Version == pointer.Version, null);
            }

            // The pointer changed since we read it when this fails; read it again and decide afresh.
            if (await _pointer.TryReplaceAsync(pointer, current?.ETag, cancellationToken).ConfigureAwait(false))
            {
                return (true, current?.Pointer.Version);
            }
        }

        throw new ModelStorageException($"Could not update {PointerBlobName} after {MaxAttempts} attempts; too many concurrent publishes.");
    }

    private static string ValidateModelName(string modelName)
    {
        if (string.IsNullOrWhiteSpace(modelName) || modelName.Length > 200 || !modelName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ModelStorageException($"Model name '{modelName}' is invalid; use 1-200 ASCII letters, digits, '-', '_' or '.'.");
        }

        return modelName;
    }

    private static string ValidateContainerName(string containerName)
    {
        var valid = !string.IsNullOrEmpty(containerName) && containerName.Length is >= 3 and <= 63
            && containerName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            && char.IsAsciiLetterOrDigit(containerName[0]) && char.IsAsciiLetterOrDigit(containerName[^1]) && !containerName.Contains("--", StringComparison.Ordinal);
        if (!valid)
        {
            throw new ModelStorageException($"Container name '{containerName}' is invalid; use 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.");
        }

        return containerName;
    }
}

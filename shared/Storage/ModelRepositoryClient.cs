using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ActressOnnx.Storage;

/// <summary>
/// Publishes ONNX models to Blob Storage and fetches the current one. Layout in the container:
/// <c>&lt;model-name&gt;/&lt;version&gt;/model.onnx</c> (immutable, SHA-256 in its metadata) and
/// <c>&lt;model-name&gt;/current.json</c>, a <see cref="ModelPointer"/> to the served version. Publishing is safe
/// to run concurrently: versions never collide and the pointer never moves to an older version.
/// </summary>
public sealed class ModelRepositoryClient
{
    /// <summary>The blob metadata key holding a model blob's lower-case hex SHA-256.</summary>
    public const string Sha256MetadataKey = "sha256";

    private const string ModelFileName = "model.onnx";
    private const int MaxAttempts = 50;
    private static readonly JsonSerializerOptions PointerJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly BlobContainerClient _container;
    private readonly TimeProvider _clock;

    /// <summary>Creates a client for the model <paramref name="modelName"/> in <paramref name="container"/>.</summary>
    public ModelRepositoryClient(BlobContainerClient container, string modelName, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
        ModelName = ValidateModelName(modelName);
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The model's name, the prefix of its blobs.</summary>
    public string ModelName { get; }

    /// <summary>The container's URI.</summary>
    public Uri ContainerUri => _container.Uri;

    /// <summary>The blob name of the model's current-version pointer.</summary>
    public string PointerBlobName => ModelName + "/current.json";

    /// <summary>
    /// Creates a client from options: the connection string when given, otherwise the account URL with
    /// DefaultAzureCredential (using <see cref="ModelStorageOptions.ManagedIdentityClientId"/> when set).
    /// </summary>
    /// <exception cref="ModelStorageException">Neither a connection string nor a valid account URL is configured.</exception>
    public static ModelRepositoryClient Create(ModelStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var containerName = ValidateContainerName(options.ContainerName);
        BlobServiceClient service;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            try
            {
                service = new BlobServiceClient(options.ConnectionString);
            }
            catch (FormatException ex)
            {
                throw new ModelStorageException($"{ModelStorageOptions.SectionName}:ConnectionString is not a valid storage connection string: {ex.Message}", ex);
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.AccountUrl))
        {
            if (!Uri.TryCreate(options.AccountUrl, UriKind.Absolute, out var accountUri) || (accountUri.Scheme != Uri.UriSchemeHttps && accountUri.Scheme != Uri.UriSchemeHttp))
            {
                throw new ModelStorageException($"{ModelStorageOptions.SectionName}:AccountUrl '{options.AccountUrl}' is not an absolute URL like https://myaccount.blob.core.windows.net.");
            }

            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
            });
            service = new BlobServiceClient(accountUri, credential);
        }
        else
        {
            throw new ModelStorageException(
                $"Model storage is not configured: set {ModelStorageOptions.SectionName}:ConnectionString (local, Azurite) or {ModelStorageOptions.SectionName}:AccountUrl (Azure, signs in with DefaultAzureCredential).");
        }

        return new ModelRepositoryClient(service.GetBlobContainerClient(containerName), options.ModelName);
    }

    /// <summary>
    /// Uploads <paramref name="modelPath"/> as a new version (creating the container, private, if missing) and
    /// points the model's <c>current.json</c> at it unless a newer version was published meanwhile.
    /// </summary>
    public async Task<PublishResult> PublishAsync(string modelPath, CancellationToken cancellationToken)
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
        var (blob, version) = await UploadNewVersionAsync(modelPath, sha256, cancellationToken).ConfigureAwait(false);
        var pointer = new ModelPointer(version, blob.Name, sha256, _clock.GetUtcNow());
        var becameCurrent = await MovePointerForwardAsync(pointer, cancellationToken).ConfigureAwait(false);
        return new PublishResult(ModelName, pointer, blob.Uri, becameCurrent);
    }

    /// <summary>The pointer to the served version, or null when nothing has been published (or the container is missing).</summary>
    /// <exception cref="ModelIntegrityException">The pointer blob exists but is not a valid pointer.</exception>
    public async Task<ModelPointer?> GetCurrentAsync(CancellationToken cancellationToken)
    {
        var current = await ReadPointerAsync(cancellationToken).ConfigureAwait(false);
        return current?.Pointer;
    }

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

    /// <summary>Downloads the version <paramref name="published"/> names and checks its SHA-256.</summary>
    /// <exception cref="ModelNotFoundException">The model blob does not exist.</exception>
    /// <exception cref="ModelIntegrityException">The blob's content does not match <see cref="ModelPointer.Sha256"/>.</exception>
    public async Task<DownloadedModel> DownloadAsync(ModelPointer published, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(published);
        BinaryData content;
        try
        {
            var response = await _container.GetBlobClient(published.BlobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            content = response.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new ModelNotFoundException(
                $"Model '{ModelName}' version {published.Version} points at blob '{published.BlobName}', which does not exist in container '{_container.Name}'; publish the model again.", ex);
        }

        var bytes = content.ToArray();
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, published.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelIntegrityException(
                $"Model '{ModelName}' version {published.Version} failed its integrity check: blob '{published.BlobName}' has SHA-256 {actual} but was published with {published.Sha256}. The blob was modified or damaged; publish the model again.");
        }

        return new DownloadedModel(ModelName, published, bytes);
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
                versions.Add(new ModelVersionInfo(parts[1], blob.Name, sha256, blob.Properties.ContentLength ?? 0, current?.Version == parts[1]));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }

        versions.Sort((a, b) => string.CompareOrdinal(a.Version, b.Version));
        return versions;
    }

    private async Task<(BlobClient Blob, string Version)> UploadNewVersionAsync(string modelPath, string sha256, CancellationToken cancellationToken)
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
                    Metadata = new Dictionary<string, string> { [Sha256MetadataKey] = sha256, ["version"] = version },
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

    private async Task<bool> MovePointerForwardAsync(ModelPointer pointer, CancellationToken cancellationToken)
    {
        var pointerBlob = _container.GetBlobClient(PointerBlobName);
        var content = BinaryData.FromObjectAsJson(pointer, PointerJson);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await ReadPointerAsync(cancellationToken).ConfigureAwait(false);
            if (current is { } existing && string.CompareOrdinal(existing.Pointer.Version, pointer.Version) >= 0)
            {
                return existing.Pointer.Version == pointer.Version;
            }

            var conditions = current is { } c ? new BlobRequestConditions { IfMatch = c.ETag } : new BlobRequestConditions { IfNoneMatch = ETag.All };
            try
            {
                await pointerBlob.UploadAsync(content, new BlobUploadOptions
                {
                    Conditions = conditions,
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                }, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // The pointer changed since we read it; read it again and decide afresh.
            }
        }

        throw new ModelStorageException($"Could not update {PointerBlobName} after {MaxAttempts} attempts; too many concurrent publishes.");
    }

    private async Task<(ModelPointer Pointer, ETag ETag)?> ReadPointerAsync(CancellationToken cancellationToken)
    {
        BlobDownloadResult result;
        try
        {
            result = (await _container.GetBlobClient(PointerBlobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }

        ModelPointer? pointer;
        try
        {
            pointer = result.Content.ToObjectFromJson<ModelPointer>(PointerJson);
        }
        catch (JsonException ex)
        {
            throw new ModelIntegrityException($"{PointerBlobName} in container '{_container.Name}' is not valid JSON ({ex.Message}); publish the model again.", ex);
        }

        if (pointer is null || ModelVersion.TryParse(pointer.Version) is null || string.IsNullOrEmpty(pointer.BlobName) || string.IsNullOrEmpty(pointer.Sha256))
        {
            throw new ModelIntegrityException($"{PointerBlobName} in container '{_container.Name}' lacks a valid version, blobName or sha256; publish the model again.");
        }

        return (pointer, result.Details.ETag);
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

using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ActressOnnx.Inference;
using ActressOnnx.Storage;
using ActressOnnx.Testing.Onnx;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ActressOnnx.Functions.Tests.ModelLifecycle;

/// <summary>
/// Stores model versions that the service must refuse, in the repository's layout, and points <c>current.json</c> at
/// them as a broken publish, a hand edit or a lost blob would.
/// </summary>
internal static class BrokenVersions
{
    /// <summary>The kinds of breakage and the refusal code each one gets.</summary>
    public static TheoryData<string, string> Kinds() => new()
    {
        { "truncated blob", "integrity_failed" },
        { "missing blob", "not_published" },
        { "not onnx", "invalid_model" },
        { "no labels", "invalid_model" },
        { "cannot run", "invalid_model" },
    };

    /// <summary>
    /// Stores a version broken as <paramref name="badness"/> says, <paramref name="later"/> after now (so it is newer
    /// than what a test published before), and points the model's <c>current.json</c> at it.
    /// </summary>
    /// <returns>The broken version.</returns>
    public static async Task<string> PublishAsync(ModelStorageOptions storage, string badness, TimeSpan later)
    {
        var container = new BlobServiceClient(storage.ConnectionString).GetBlobContainerClient(storage.ContainerName);
        await container.CreateIfNotExistsAsync();
        var version = DateTimeOffset.UtcNow.Add(later).UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var blobName = $"{storage.ModelName}/{version}/model.onnx";
        var model = badness switch
        {
            "no labels" => TinyColorModel.Create(new TinyColorModelOptions { MetadataOverrides = new Dictionary<string, string?> { [ModelMetadataKeys.Labels] = null } }),
            "cannot run" => TinyColorModel.Create(new TinyColorModelOptions { FailsWhenRun = true }),
            "not onnx" => "this is not an ONNX model"u8.ToArray(),
            "truncated blob" or "missing blob" => TinyColorModel.Create(new TinyColorModelOptions()),
            _ => throw new ArgumentOutOfRangeException(nameof(badness), badness, "Unknown kind of broken version."),
        };
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(model));
        if (badness != "missing blob")
        {
            var stored = badness == "truncated blob" ? model[..(model.Length / 2)] : model;
            await container.GetBlobClient(blobName).UploadAsync(BinaryData.FromBytes(stored), new BlobUploadOptions
            {
                Metadata = new Dictionary<string, string> { [ModelRepositoryClient.Sha256MetadataKey] = sha256, [ModelRepositoryClient.VersionMetadataKey] = version },
            });
        }

        var pointer = JsonSerializer.Serialize(new { version, blobName, sha256, publishedAt = DateTimeOffset.UtcNow });
        await container.GetBlobClient($"{storage.ModelName}/current.json").UploadAsync(BinaryData.FromString(pointer), overwrite: true);
        return version;
    }
}

using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace ActressOnnx.Storage;

/// <summary>Builds the Blob Storage clients that <see cref="ModelStorageOptions"/> describe.</summary>
public static class ModelStorageClients
{
    /// <summary>
    /// The blob service client: from the connection string when given, otherwise the account URL with
    /// DefaultAzureCredential (using <see cref="ModelStorageOptions.ManagedIdentityClientId"/> when set).
    /// </summary>
    /// <exception cref="ModelStorageException">Neither a connection string nor a valid account URL is configured.</exception>
    public static BlobServiceClient CreateServiceClient(ModelStorageOptions options, BlobClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            try
            {
                return new BlobServiceClient(options.ConnectionString, clientOptions);
            }
            catch (FormatException ex)
            {
                throw new ModelStorageException($"{ModelStorageOptions.SectionName}:ConnectionString is not a valid storage connection string: {ex.Message}", ex);
            }
        }

        if (!string.IsNullOrWhiteSpace(options.AccountUrl))
        {
            if (!Uri.TryCreate(options.AccountUrl, UriKind.Absolute, out var accountUri) || (accountUri.Scheme != Uri.UriSchemeHttps && accountUri.Scheme != Uri.UriSchemeHttp))
            {
                throw new ModelStorageException($"{ModelStorageOptions.SectionName}:AccountUrl '{options.AccountUrl}' is not an absolute URL like https://myaccount.blob.core.windows.net.");
            }

            TokenCredential credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
            });
            return new BlobServiceClient(accountUri, credential, clientOptions);
        }

        throw new ModelStorageException(
            $"Model storage is not configured: set {ModelStorageOptions.SectionName}:ConnectionString (local, Azurite) or {ModelStorageOptions.SectionName}:AccountUrl (Azure, signs in with DefaultAzureCredential).");
    }
}

namespace ActressOnnx.Storage;

/// <summary>
/// Where models are published and served from: configuration section <see cref="SectionName"/>
/// (app settings such as <c>ModelStorage__AccountUrl</c>). Give <see cref="ConnectionString"/> for local work and
/// Azurite, or <see cref="AccountUrl"/> to sign in with Azure AD through DefaultAzureCredential (no keys).
/// </summary>
public sealed class ModelStorageOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "ModelStorage";

    /// <summary>A storage connection string (e.g. <c>UseDevelopmentStorage=true</c>); takes precedence over <see cref="AccountUrl"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob service URL, e.g. <c>https://myaccount.blob.core.windows.net</c>.</summary>
    public string? AccountUrl { get; set; }

    /// <summary>The blob container holding the models (default <c>models</c>).</summary>
    public string ContainerName { get; set; } = "models";

    /// <summary>The model's name: its blobs live under <c>&lt;ModelName&gt;/</c> (default <c>classifier</c>).</summary>
    public string ModelName { get; set; } = "classifier";

    /// <summary>Client id of a user-assigned managed identity for DefaultAzureCredential; null uses the default identity.</summary>
    public string? ManagedIdentityClientId { get; set; }
}

using ActressOnnx.Storage;
using Azure.Core;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace ActressOnnx.Serving;

/// <summary>Registers the model repository: options, the blob service client and <see cref="ModelRepositoryClient"/>.</summary>
public static class ModelRepositoryServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ModelStorageOptions"/> to section <c>ModelStorage</c> and registers, as singletons, the
    /// <see cref="BlobServiceClient"/> and the <see cref="ModelRepositoryClient"/> of the configured model, plus a
    /// <see cref="Lazy{T}"/> of the latter for consumers that must outlive a misconfiguration (they then report
    /// <see cref="ModelStorageException"/>'s message rather than fail to start).
    /// </summary>
    public static IServiceCollection AddModelRepository(this IServiceCollection services, Action<ModelStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ModelStorageOptions>().BindConfiguration(ModelStorageOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton(_ => new BlobClientOptions
        {
            // A poll that meets a storage outage should give up quickly and try again at the next poll.
            Retry = { MaxRetries = 2, Mode = RetryMode.Exponential, Delay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(2), NetworkTimeout = TimeSpan.FromSeconds(30) },
        });
        services.AddSingleton(sp => ModelStorageClients.CreateServiceClient(sp.GetRequiredService<IOptions<ModelStorageOptions>>().Value, sp.GetRequiredService<BlobClientOptions>()));
        services.AddSingleton(sp => ModelRepositoryClient.Create(sp.GetRequiredService<BlobServiceClient>(), sp.GetRequiredService<IOptions<ModelStorageOptions>>().Value));
        services.AddSingleton(sp => new Lazy<ModelRepositoryClient>(sp.GetRequiredService<ModelRepositoryClient>));
        return services;
    }
}

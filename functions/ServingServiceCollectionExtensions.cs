using ActressOnnx.Functions.Models;
using ActressOnnx.Storage;

namespace ActressOnnx.Functions;

/// <summary>Registers the prediction service's pieces.</summary>
public static class ServingServiceCollectionExtensions
{
    /// <summary>
    /// Adds options (sections <c>ModelStorage</c> and <c>Serving</c>), problem details, the <see cref="ModelLoader"/>
    /// and the background service that loads the current model at start.
    /// </summary>
    public static IServiceCollection AddServingServices(this IServiceCollection services)
    {
        services.AddOptions<ModelStorageOptions>().BindConfiguration(ModelStorageOptions.SectionName);
        services.AddOptions<ServingOptions>().BindConfiguration(ServingOptions.SectionName)
            .Validate(o => o.MaxRequestBytes > 0, "Serving:MaxRequestBytes must be positive.")
            .Validate(o => o.MaxImagePixels > 0, "Serving:MaxImagePixels must be positive.")
            .Validate(o => o.IntraOpThreads >= 0, "Serving:IntraOpThreads must be 0 (automatic) or more.")
            .Validate(o => o.MaxConcurrentInferences >= 0, "Serving:MaxConcurrentInferences must be 0 (no limit) or more.")
            .ValidateOnStart();
        services.AddProblemDetails();
        services.AddSingleton<ModelLoader>();
        services.AddHostedService<ModelLoadingService>();
        return services;
    }
}

using ActressOnnx.Serving.Endpoints;
using ActressOnnx.Serving.ModelLifecycle;
using ActressOnnx.Serving.Telemetry;

namespace ActressOnnx.Serving;

/// <summary>Registers the prediction service's pieces, whichever host runs it.</summary>
public static class ServingServiceCollectionExtensions
{
    /// <summary>
    /// Adds options (section <c>Serving</c>, validated at start), the model repository (<see cref="ModelRepositoryServiceCollectionExtensions.AddModelRepository"/>),
    /// problem details, the <see cref="ModelLoader"/>, the background service that loads the current model and
    /// follows new publishes, <see cref="ServingTelemetry"/> and the <see cref="ServingApi"/> the hosts call.
    /// </summary>
    public static IServiceCollection AddServingServices(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ServingOptions>().BindConfiguration(ServingOptions.SectionName)
            .Validate(o => o.MaxRequestBytes > 0, "Serving:MaxRequestBytes must be positive.")
            .Validate(o => o.MaxImagePixels > 0, "Serving:MaxImagePixels must be positive.")
            .Validate(o => o.IntraOpThreads >= 0, "Serving:IntraOpThreads must be 0 (automatic) or more.")
            .Validate(o => o.MaxConcurrentInferences >= 0, "Serving:MaxConcurrentInferences must be 0 (no limit) or more.")
            .Validate(o => o.ModelPollInterval >= TimeSpan.FromMilliseconds(100) && o.ModelPollInterval <= TimeSpan.FromDays(1),
                "Serving:ModelPollInterval must be between 00:00:00.1 and 1.00:00:00 (a TimeSpan such as 00:00:30).")
            .Validate(o => o.LastKnownGoodTries is >= 0 and <= 100, "Serving:LastKnownGoodTries must be between 0 (no fallback) and 100.")
            .ValidateOnStart();
        services.AddModelRepository();
        services.AddProblemDetails();
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ServingTelemetry>();
        services.AddSingleton<ModelLoader>();
        services.AddHostedService<ModelRefreshService>();
        services.AddSingleton<ServingApi>();
        return services;
    }
}

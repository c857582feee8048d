using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ActressOnnx.Train.Clean;

/// <summary>Registers what the cleaner page's endpoints need.</summary>
internal static class CleanServiceCollectionExtensions
{
    private static readonly string[] LoopbackHosts = ["127.0.0.1", "localhost", "[::1]"];

    public static IServiceCollection AddCleanerServices(this IServiceCollection services, CleanSession session, CleanServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(session);
        services.AddSingleton(options);
        services.AddProblemDetails();
        // Loopback only: also refuse other Host names, so a web page cannot reach the cleaner through DNS rebinding.
        services.AddHostFiltering(filter => filter.AllowedHosts = options.IsLoopback ? LoopbackHosts : ["*"]);
        return services;
    }
}

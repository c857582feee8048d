using ActressOnnx.Serving;
using ActressOnnx.Serving.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;

namespace ActressOnnx.Functions;

/// <summary>Builds the worker: ASP.NET Core integration, the serving services and telemetry.</summary>
public static class WorkerHost
{
    /// <summary>
    /// The worker's builder, with everything registered; <c>Program</c> builds and runs it, and tests build it to
    /// call the functions through the same container.
    /// </summary>
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddServingServices();
        builder.Services.AddServingOpenTelemetry(builder.Configuration, otel => otel.UseFunctionsWorkerDefaults());
        return builder;
    }
}

using ActressOnnx.Inference;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ActressOnnx.Serving.Telemetry;

/// <summary>OpenTelemetry for the prediction service: traces, metrics and logs, exported as configured.</summary>
public static class ServingOpenTelemetryExtensions
{
    /// <summary>The OTLP endpoint setting (standard OpenTelemetry variable); OTLP export is on when it is set.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The Application Insights setting; Azure Monitor export is on when it is set.</summary>
    public const string ApplicationInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// <c>ClientId=&lt;id&gt;;Authorization=AAD</c> when Application Insights refuses local (key) auth: telemetry is then
    /// sent with that managed identity's token.
    /// </summary>
    public const string ApplicationInsightsAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>
    /// Collects request spans (ASP.NET Core and <see cref="ServingTelemetry"/>), the service's metrics (request count
    /// and latency by outcome, decode and inference time, refresh events, the served version) and logs, which carry
    /// the trace and span ids. Exports over OTLP when <see cref="OtlpEndpointSetting"/> is set, to Azure Monitor when
    /// <see cref="ApplicationInsightsSetting"/> is set, to nowhere otherwise. <paramref name="configure"/> lets a host
    /// add to it (the Functions worker adds its own instrumentation, tests an in-memory exporter).
    /// </summary>
    public static OpenTelemetryBuilder AddServingOpenTelemetry(this IServiceCollection services, IConfiguration configuration, Action<OpenTelemetryBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        // Console and other loggers get the trace id too, not only the OpenTelemetry log exporter.
        services.Configure<LoggerFactoryOptions>(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("actressonnx-serving"))
            .WithTracing(tracing => tracing.AddSource(ServingTelemetry.Name).AddAspNetCoreInstrumentation())
            .WithMetrics(metrics => metrics.AddMeter(ServingTelemetry.Name, InferenceMetrics.MeterName).AddAspNetCoreInstrumentation())
            .WithLogging(configureBuilder: null, configureOptions: logging => logging.IncludeFormattedMessage = true);
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]))
        {
            builder.UseOtlpExporter();
        }

        if (!string.IsNullOrWhiteSpace(configuration[ApplicationInsightsSetting]))
        {
            var credential = AzureMonitorCredential(configuration[ApplicationInsightsAuthenticationSetting]);
            builder.UseAzureMonitorExporter(o =>
            {
                o.ConnectionString = configuration[ApplicationInsightsSetting];
                o.Credential = credential;
            });
        }

        configure?.Invoke(builder);
        return builder;
    }

    private static DefaultAzureCredential? AzureMonitorCredential(string? authentication)
    {
        if (string.IsNullOrWhiteSpace(authentication))
        {
            return null;
        }

        var parts = authentication.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{ApplicationInsightsAuthenticationSetting} is '{authentication}'; expected 'Authorization=AAD' with an optional 'ClientId=<managed identity client id>'.");
        }

        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = parts.GetValueOrDefault("ClientId") });
    }
}

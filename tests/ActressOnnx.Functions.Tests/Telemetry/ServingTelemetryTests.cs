extern alias host;

using System.Diagnostics;
using System.Net.Http.Headers;
using ActressOnnx.Functions.Tests.Endpoints;
using ActressOnnx.Serving.Telemetry;
using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Onnx;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ActressOnnx.Functions.Tests.Telemetry;

/// <summary>The standalone host in-process (WebApplicationFactory) with in-memory exporters: what one request leaves behind.</summary>
[Collection(SharedAzurite.Name)]
public sealed class ServingTelemetryTests : IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly DirectoryInfo _directory = TestPaths.NewTempDirectory();
    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly List<LogRecord> _logs = [];

    public ServingTelemetryTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Predict_ProducesASpanRequestMetricsByOutcomeDecodeAndInferenceTimesAndLogsWithTheTraceId()
    {
        var storage = new ModelStorageOptions { ConnectionString = _azurite.ConnectionString, ContainerName = _azurite.NewContainerName("otel"), ModelName = "colours" };
        var published = await ModelRepositoryClient.Create(storage).PublishAsync(TinyColorModel.WriteTo(Path.Combine(_directory.FullName, "m.onnx")), CancellationToken.None);
        await using var factory = new WebApplicationFactory<host::Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ModelStorage:ConnectionString", storage.ConnectionString);
            web.UseSetting("ModelStorage:ContainerName", storage.ContainerName);
            web.UseSetting("ModelStorage:ModelName", storage.ModelName);
            // The logs under test go to the in-memory exporter; the console stays for test results.
            web.ConfigureLogging(logging => logging.AddFilter<ConsoleLoggerProvider>(_ => false));
            web.ConfigureServices(services => services.AddOpenTelemetry()
                .WithTracing(tracing => tracing.AddInMemoryExporter(_spans))
                .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics))
                .WithLogging(logging => logging.AddInMemoryExporter(_logs)));
        });
        using var client = factory.CreateClient();
        await WaitUntilHealthyAsync(client);

        using (var ok = await client.PostAsync(new Uri("/api/predict", UriKind.Relative), Image(ColorImages.RedPng())))
        {
            await ProblemAssert.IsPredictionAsync(ok);
        }

        using (var bad = await client.PostAsync(new Uri("/api/predict", UriKind.Relative), Image([1, 2, 3, 4, 5, 6, 7, 8])))
        {
            await ProblemAssert.IsProblemAsync(bad, System.Net.HttpStatusCode.UnsupportedMediaType, "unsupported_image");
        }

        factory.Services.GetRequiredService<TracerProvider>().ForceFlush();
        factory.Services.GetRequiredService<MeterProvider>().ForceFlush();
        factory.Services.GetRequiredService<LoggerProvider>().ForceFlush();
        var version = published.Published.Version;

        var span = Assert.Single(_spans, s => s.Source.Name == ServingTelemetry.Name && s.DisplayName == "serving.predict" && (string?)s.GetTagItem("actressonnx.outcome") == "ok");
        Assert.Equal(version, span.GetTagItem("model.version"));
        var server = Assert.Single(_spans, s => s.SpanId == span.ParentSpanId);
        Assert.Equal("Microsoft.AspNetCore", server.Source.Name);
        Assert.Contains(_spans, s => s.DisplayName == "serving.predict" && (string?)s.GetTagItem("actressonnx.outcome") == "unsupported_image" && s.Status == ActivityStatusCode.Error);

        var requests = Points("actressonnx.serving.request.duration");
        Assert.Equal(1, requests.Where(p => Tag(p, "actressonnx.outcome") == "ok" && Tag(p, "model.version") == version && Tag(p, "actressonnx.endpoint") == "predict").Sum(p => p.GetHistogramCount()));
        Assert.Equal(1, requests.Where(p => Tag(p, "actressonnx.outcome") == "unsupported_image").Sum(p => p.GetHistogramCount()));
        Assert.True(Points("actressonnx.inference.decode.duration").Sum(p => p.GetHistogramCount()) >= 1, "no decode time was recorded");
        Assert.True(Points("actressonnx.inference.run.duration").Sum(p => p.GetHistogramCount()) >= 2, "no inference time was recorded (warm-up and request)");
        Assert.Contains(Points("actressonnx.serving.model.refreshes"), p => Tag(p, "actressonnx.outcome") == "loaded" && p.GetSumLong() == 1);
        Assert.Contains(Points("actressonnx.serving.model.served"), p => Tag(p, "model.version") == version && p.GetGaugeLastValueLong() == 1);

        Assert.Contains(_logs, log => log.TraceId == span.TraceId);
    }

    private List<MetricPoint> Points(string name)
    {
        var snapshots = _metrics.Where(m => m.Name == name).ToList();
        Assert.True(snapshots.Count > 0, $"metric {name} was not exported; exported: {string.Join(", ", _metrics.Select(m => m.Name).Distinct())}");
        // Each export is cumulative: the last snapshot holds the totals.
        return [.. snapshots[^1].MetricPoints];
    }

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    private static async Task WaitUntilHealthyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var health = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
            if (health.IsSuccessStatusCode)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the model did not load: " + await health.Content.ReadAsStringAsync());
            await Task.Delay(100);
        }
    }

    private static ByteArrayContent Image(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }
}

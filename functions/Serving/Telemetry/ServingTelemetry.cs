using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ActressOnnx.Serving.Telemetry;

/// <summary>
/// The service's own traces and metrics (source and meter <see cref="Name"/>): one span per request, request count
/// and latency by endpoint, outcome and model version, model refresh events and the served version.
/// Decode and inference times come from the classifier's meter (<c>ActressOnnx.Inference</c>).
/// </summary>
public sealed class ServingTelemetry : IDisposable
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "ActressOnnx.Serving";

    private readonly ActivitySource _activitySource = new(Name);
    private readonly Meter _meter;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _refreshes;
    private Func<string?> _servedVersion = () => null;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public ServingTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(Name);
        _requestDuration = _meter.CreateHistogram<double>(
            "actressonnx.serving.request.duration", "s", "Time to answer a request, by endpoint, outcome (ok or the problem code) and model version.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10] });
        _refreshes = _meter.CreateCounter<long>(
            "actressonnx.serving.model.refreshes", "{refresh}", "Model pointer checks, by outcome: unchanged, loaded, refused, fallback (the published version refused at a start, an earlier one served), not_published, storage_unavailable.");
        _meter.CreateObservableGauge(
            "actressonnx.serving.model.served", ObserveServed, "{model}", "1 with the served version as the model.version tag; nothing while no model is served.");
    }

    /// <summary>Starts the span of one request to <paramref name="endpoint"/> (null when nobody listens).</summary>
    public Activity? StartRequest(string endpoint)
    {
        var activity = _activitySource.StartActivity("serving." + endpoint);
        activity?.SetTag("actressonnx.endpoint", endpoint);
        return activity;
    }

    /// <summary>Records a finished request on its span and in the request histogram.</summary>
    public void RecordRequest(Activity? activity, string endpoint, string outcome, string? modelVersion, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "actressonnx.endpoint", endpoint },
            { "actressonnx.outcome", outcome },
            { "model.version", modelVersion ?? "none" },
        };
        _requestDuration.Record(elapsed.TotalSeconds, tags);
        if (activity is not null)
        {
            activity.SetTag("actressonnx.outcome", outcome);
            activity.SetTag("model.version", modelVersion);
            activity.SetStatus(outcome == "ok" ? ActivityStatusCode.Ok : ActivityStatusCode.Error, outcome == "ok" ? null : outcome);
        }
    }

    /// <summary>Counts one model refresh with its outcome.</summary>
    public void RecordRefresh(string outcome) => _refreshes.Add(1, new KeyValuePair<string, object?>("actressonnx.outcome", outcome));

    /// <summary>Tells the served-version gauge where to read the version from.</summary>
    public void ObserveServedVersion(Func<string?> servedVersion) => _servedVersion = servedVersion ?? throw new ArgumentNullException(nameof(servedVersion));

    /// <inheritdoc />
    public void Dispose()
    {
        _activitySource.Dispose();
        _meter.Dispose();
    }

    private IEnumerable<Measurement<int>> ObserveServed()
    {
        if (_servedVersion() is { } version)
        {
            yield return new Measurement<int>(1, new KeyValuePair<string, object?>("model.version", version));
        }
    }
}

using System.Diagnostics.Metrics;
using ActressOnnx.Serving.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace ActressOnnx.Functions.Tests.ModelLifecycle;

/// <summary>
/// Listens to <c>actressonnx.serving.model.refreshes</c> on the meters one service provider's factory creates (so
/// tests running side by side do not see each other's) and keeps each refresh's outcome tag in order.
/// </summary>
internal sealed class RefreshOutcomes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<string> _outcomes = [];

    public RefreshOutcomes(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ServingTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, factory)
                && instrument.Name == "actressonnx.serving.model.refreshes")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "actressonnx.outcome")
                {
                    lock (_outcomes)
                    {
                        _outcomes.Add((string)tag.Value!);
                    }
                }
            }
        });
        _listener.Start();
    }

    /// <summary>The outcomes recorded so far, in order.</summary>
    public IReadOnlyList<string> Outcomes
    {
        get
        {
            lock (_outcomes)
            {
                return [.. _outcomes];
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ActressOnnx.Inference;

/// <summary>Decode and inference time of single-image predictions, on the meter <see cref="MeterName"/>.</summary>
public static class InferenceMetrics
{
    /// <summary>The meter's name, for exporters to subscribe to.</summary>
    public const string MeterName = "ActressOnnx.Inference";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> DecodeDuration = Meter.CreateHistogram<double>(
        "actressonnx.inference.decode.duration", "s", "Time to decode and resize one image to the model's input.");
    private static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>(
        "actressonnx.inference.run.duration", "s", "Time of one ONNX Runtime session run.");

    /// <summary>Records one prediction's phases from <see cref="Stopwatch.GetTimestamp"/> readings.</summary>
    internal static void Record(long started, long decoded, long ran, bool decode)
    {
        if (decode && DecodeDuration.Enabled)
        {
            DecodeDuration.Record(Stopwatch.GetElapsedTime(started, decoded).TotalSeconds);
        }

        if (RunDuration.Enabled)
        {
            RunDuration.Record(Stopwatch.GetElapsedTime(decoded, ran).TotalSeconds);
        }
    }
}

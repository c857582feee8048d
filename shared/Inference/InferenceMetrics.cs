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
    /// <param name="started">Before decoding.</param>
    /// <param name="decoded">After decoding, before waiting for the model (see <c>OnnxClassifierOptions.MaxConcurrentRuns</c>).</param>
    /// <param name="runStarted">When the session run began.</param>
    /// <param name="ran">When it ended.</param>
    /// <param name="decode">Whether this prediction decoded an image (false for already decoded pixels).</param>
    internal static void Record(long started, long decoded, long runStarted, long ran, bool decode)
    {
        if (decode && DecodeDuration.Enabled)
        {
            DecodeDuration.Record(Stopwatch.GetElapsedTime(started, decoded).TotalSeconds);
        }

        if (RunDuration.Enabled)
        {
            RunDuration.Record(Stopwatch.GetElapsedTime(runStarted, ran).TotalSeconds);
        }
    }
}

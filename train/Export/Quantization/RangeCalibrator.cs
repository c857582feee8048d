using ActressOnnx.Imaging;
using ActressOnnx.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using DataType = ActressOnnx.Onnx.Proto.TensorProto.Types.DataType;

namespace ActressOnnx.Train.Export.Quantization;

/// <summary>
/// Runs the FP32 model in ONNX Runtime with the requested intermediate tensors exposed as extra outputs and measures
/// the range of each over the calibration images: min/max in one pass; for the other <see cref="CalibrationMethod"/>s
/// a second pass fills an <see cref="ActivationHistogram"/> per tensor from which <see cref="RangeSelection"/> picks the range.
/// </summary>
internal static class RangeCalibrator
{
    /// <summary>The min/max range of each tensor.</summary>
    public static Dictionary<string, TensorRange> Measure(
        ModelProto fp32, IReadOnlyList<string> tensors, IReadOnlyList<byte[]> images, PreprocessSettings preprocess, int batchSize, CancellationToken cancellationToken) =>
        Measure(fp32, tensors, images, preprocess, batchSize, CalibrationMethod.MinMax, percentile: 100, cancellationToken);

    /// <summary>The range <paramref name="method"/> picks for each tensor (<paramref name="percentile"/> only for <see cref="CalibrationMethod.Percentile"/>).</summary>
    public static Dictionary<string, TensorRange> Measure(
        ModelProto fp32,
        IReadOnlyList<string> tensors,
        IReadOnlyList<byte[]> images,
        PreprocessSettings preprocess,
        int batchSize,
        CalibrationMethod method,
        double percentile,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fp32);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(preprocess);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);

        var augmented = fp32.Clone();
        var existing = augmented.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var graphInputs = augmented.Graph.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var tensor in tensors.Where(t => !existing.Contains(t) && !graphInputs.Contains(t)))
        {
            augmented.Graph.Output.Add(new ValueInfoProto
            {
                Name = tensor,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float } },
            });
        }

        var ranges = tensors.ToDictionary(t => t, _ => TensorRange.Empty, StringComparer.Ordinal);
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC };
        using var session = new InferenceSession(augmented.ToByteArray(), options);
        var outputNames = tensors.Where(t => !graphInputs.Contains(t)).ToArray();
        ForEachBatch(session, augmented.Graph.Input[0].Name, outputNames, images, preprocess, batchSize, (i, values) =>
        {
            var (min, max) = MinMax(values);
            ranges[outputNames[i]] = ranges[outputNames[i]].Include(min, max);
        }, cancellationToken);
        if (method == CalibrationMethod.MinMax)
        {
            return ranges;
        }

        var histograms = outputNames.Select(name => new ActivationHistogram(ranges[name])).ToArray();
        ForEachBatch(session, augmented.Graph.Input[0].Name, outputNames, images, preprocess, batchSize, (i, values) => histograms[i].Add(values), cancellationToken);
        for (var i = 0; i < outputNames.Length; i++)
        {
            ranges[outputNames[i]] = RangeSelection.Select(method, histograms[i], percentile);
        }

        return ranges;
    }

    internal static byte[] Batch(IReadOnlyList<byte[]> images, int start, int count, int imageBytes)
    {
        var pixels = new byte[count * imageBytes];
        for (var i = 0; i < count; i++)
        {
            images[start + i].AsSpan(0, imageBytes).CopyTo(pixels.AsSpan(i * imageBytes));
        }

        return pixels;
    }

    private delegate void OutputHandler(int output, ReadOnlySpan<float> values);

    private static void ForEachBatch(
        InferenceSession session, string inputName, string[] outputNames, IReadOnlyList<byte[]> images, PreprocessSettings preprocess, int batchSize, OutputHandler handle, CancellationToken cancellationToken)
    {
        using var runOptions = new RunOptions();
        for (var start = 0; start < images.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, images.Count - start);
            var pixels = Batch(images, start, count, preprocess.PixelBytes);
            using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, preprocess.Height, preprocess.Width, 3]);
            using var outputs = session.Run(runOptions, [inputName], [input], outputNames);
            for (var i = 0; i < outputNames.Length; i++)
            {
                handle(i, outputs[i].GetTensorDataAsSpan<float>());
            }
        }
    }

    private static (float Min, float Max) MinMax(ReadOnlySpan<float> values)
    {
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var value in values)
        {
            if (float.IsNaN(value))
            {
                return (float.NaN, float.NaN);
            }

            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        return (min, max);
    }
}

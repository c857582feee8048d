using ActressOnnx.Imaging;
using ActressOnnx.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using DataType = ActressOnnx.Onnx.Proto.TensorProto.Types.DataType;

namespace ActressOnnx.Train.Export.Quantization;

/// <summary>
/// Min/max calibration: runs the FP32 model in ONNX Runtime with the requested intermediate tensors exposed as extra
/// outputs and records the smallest and largest value each takes over the calibration images.
/// </summary>
internal static class RangeCalibrator
{
    public static Dictionary<string, TensorRange> Measure(
        ModelProto fp32, IReadOnlyList<string> tensors, IReadOnlyList<byte[]> images, PreprocessSettings preprocess, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fp32);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(images);
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
        using var runOptions = new RunOptions();
        var inputName = augmented.Graph.Input[0].Name;
        var outputNames = tensors.Where(t => !graphInputs.Contains(t)).ToArray();
        for (var start = 0; start < images.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, images.Count - start);
            var pixels = Batch(images, start, count, preprocess.PixelBytes);
            using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, preprocess.Height, preprocess.Width, 3]);
            using var outputs = session.Run(runOptions, [inputName], [input], outputNames);
            for (var i = 0; i < outputNames.Length; i++)
            {
                var values = outputs[i].GetTensorDataAsSpan<float>();
                var (min, max) = MinMax(values);
                ranges[outputNames[i]] = ranges[outputNames[i]].Include(min, max);
            }
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

using ActressOnnx.Imaging;
using ActressOnnx.Inference;
using ActressOnnx.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace ActressOnnx.Train.Export.Quantization;

/// <summary>
/// Static INT8 quantization of an exported FP32 classifier as a graph transform: plan the QDQ placement
/// (<see cref="QdqPlan"/>), calibrate activation ranges on real images (<see cref="RangeCalibrator"/>), rewrite
/// (<see cref="QdqGraphRewriter"/>), then compare INT8 with FP32 on the same images.
/// </summary>
internal static class Int8Quantizer
{
    /// <summary>The value of the <see cref="ModelMetadataKeys.Quantization"/> entry this quantizer writes.</summary>
    public const string MetadataValue = "int8";

    /// <exception cref="QuantizationException">The graph has an operator the quantizer does not handle, or calibration fails.</exception>
    /// <exception cref="QuantizationAgreementException">INT8 and FP32 labels agree on fewer images than required.</exception>
    public static (ModelProto Model, QuantizationReport Report) Quantize(
        ModelProto fp32, CalibrationSet calibration, PreprocessSettings preprocess, QuantizationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fp32);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(preprocess);
        ArgumentNullException.ThrowIfNull(options);

        var plan = QdqPlan.Create(fp32.Graph, options.Fp32Layers);
        var ranges = RangeCalibrator.Measure(fp32, plan.CalibrationTensors, calibration.Images, preprocess, options.BatchSize, options.Method, options.Percentile, cancellationToken);
        var int8 = QdqGraphRewriter.Rewrite(fp32, plan, ranges);
        var method = CalibrationNames.Describe(options.Method, options.Percentile);
        var layers = CalibrationNames.Name(options.Fp32Layers);
        int8.MetadataProps.Add(new StringStringEntryProto { Key = ModelMetadataKeys.Quantization, Value = MetadataValue });
        int8.MetadataProps.Add(new StringStringEntryProto { Key = ModelMetadataKeys.QuantizationCalibration, Value = method });
        int8.MetadataProps.Add(new StringStringEntryProto { Key = ModelMetadataKeys.QuantizationFp32Layers, Value = layers });
        int8.DocString = (int8.DocString + " Statically quantized to INT8 (QDQ: per-channel symmetric int8 weights, uint8 activations calibrated ("
            + method + ") on " + calibration.Images.Count + " images"
            + (plan.Fp32Nodes.Count == 0 ? "" : "; kept in FP32: " + string.Join(", ", plan.Fp32Nodes.Select(n => n.Name))) + ").").Trim();

        var report = Compare(fp32, int8, calibration, preprocess, options.BatchSize, cancellationToken) with
        {
            Calibration = method,
            Fp32Layers = layers,
            Fp32Nodes = [.. plan.Fp32Nodes.Select(n => n.Name)],
        };
        if (!(report.LabelAgreement >= options.MinLabelAgreement))
        {
            throw new QuantizationAgreementException(report, options.MinLabelAgreement);
        }

        return (int8, report);
    }

    private static QuantizationReport Compare(ModelProto fp32, ModelProto int8, CalibrationSet calibration, PreprocessSettings preprocess, int batchSize, CancellationToken cancellationToken)
    {
        using var reference = new InferenceSession(fp32.ToByteArray());
        InferenceSession quantized;
        try
        {
            quantized = new InferenceSession(int8.ToByteArray());
        }
        catch (OnnxRuntimeException ex)
        {
            throw new QuantizationException("ONNX Runtime cannot load the quantized graph: " + ex.Message, ex);
        }

        using (quantized)
        using (var runOptions = new RunOptions())
        {
            var images = calibration.Images;
            var inputName = fp32.Graph.Input[0].Name;
            var outputName = fp32.Graph.Output[0].Name;
            var agree = 0;
            var sum = 0.0;
            var max = 0.0;
            var values = 0L;
            for (var start = 0; start < images.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(batchSize, images.Count - start);
                var pixels = RangeCalibrator.Batch(images, start, count, preprocess.PixelBytes);
                using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, preprocess.Height, preprocess.Width, 3]);
                using var expected = reference.Run(runOptions, [inputName], [input], [outputName]);
                using var actual = quantized.Run(runOptions, [inputName], [input], [outputName]);
                var e = expected[0].GetTensorDataAsSpan<float>();
                var a = actual[0].GetTensorDataAsSpan<float>();
                var classes = e.Length / count;
                for (var i = 0; i < count; i++)
                {
                    var expectedRow = e.Slice(i * classes, classes);
                    var actualRow = a.Slice(i * classes, classes);
                    if (ArgMax(expectedRow) == ArgMax(actualRow))
                    {
                        agree++;
                    }

                    for (var c = 0; c < classes; c++)
                    {
                        var difference = Math.Abs((double)expectedRow[c] - actualRow[c]);
                        difference = double.IsNaN(difference) ? double.PositiveInfinity : difference;
                        sum += difference;
                        max = Math.Max(max, difference);
                        values++;
                    }
                }
            }

            return new QuantizationReport(images.Count, calibration.Skipped.Count, (double)agree / images.Count, sum / values, max, calibration.Source);
        }
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var i = 1; i < row.Length; i++)
        {
            if (row[i] > row[best])
            {
                best = i;
            }
        }

        return best;
    }
}

using ActressOnnx.Imaging;
using ActressOnnx.Inference;
using ActressOnnx.Testing;
using ActressOnnx.Train.Export.Quantization;

namespace ActressOnnx.Train.Tests.Export.Quantization;

public sealed class Int8QuantizerTests : IDisposable
{
    private static readonly PreprocessSettings Preprocess = new(8, 8, ResizeMethod.Squish);

    // The tiny graphs have one convolution and no head: quantize everything.
    private static readonly QuantizationOptions AllLayers = new() { Fp32Layers = Fp32Layers.None };
    private readonly DirectoryInfo directory = TestPaths.NewTempDirectory("quantizer");
    private readonly CalibrationSet calibration;

    public Int8QuantizerTests()
    {
        SyntheticDataset.Write(directory.FullName, imagesPerClass: 6, size: 16, seed: 2);
        calibration = CalibrationSet.Load(directory.FullName, Preprocess, maxImages: 100, CancellationToken.None);
    }

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public void Quantize_WhenInt8LabelsDisagreeWithFp32_ThrowsWithTheAgreement()
    {
        var error = Assert.Throws<QuantizationAgreementException>(() =>
            Int8Quantizer.Quantize(TinyGraphs.NearTie(8), calibration, Preprocess, AllLayers, CancellationToken.None));

        Assert.Equal(12, error.Report.ImageCount);
        Assert.InRange(error.Report.LabelAgreement, 0, 0.5);
        Assert.Contains("below the required 99.0%", error.Message);
        Assert.Contains("nothing was written", error.Message);
    }

    [Fact]
    public void Quantize_WithUnsupportedNode_NamesTheNodeAndTheWayOut()
    {
        var error = Assert.Throws<QuantizationException>(() =>
            Int8Quantizer.Quantize(TinyGraphs.NearTie(8, insertAfterConv: "Erf"), calibration, Preprocess, AllLayers, CancellationToken.None));

        Assert.Contains("Node 'odd' (Erf) cannot be quantized", error.Message);
        Assert.Contains("export without --quantize", error.Message);
    }

    [Theory]
    [InlineData("minmax", "minmax")]
    [InlineData("percentile", "percentile:99.5")]
    [InlineData("entropy", "entropy")]
    [InlineData("mse", "mse")]
    public void Quantize_WithEachCalibrationMethod_UsesItsRangesAndRecordsItInTheMetadata(string name, string recorded)
    {
        Assert.True(CalibrationNames.TryParseMethod(name, out var method));
        var fp32 = TinyGraphs.NearTie(8, insertAfterConv: "Relu");
        var options = AllLayers with { Method = method, Percentile = 99.5, MinLabelAgreement = 0 };

        var (int8, report) = Int8Quantizer.Quantize(fp32, calibration, Preprocess, options, CancellationToken.None);

        var metadata = int8.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("int8", metadata[ModelMetadataKeys.Quantization]);
        Assert.Equal(recorded, metadata[ModelMetadataKeys.QuantizationCalibration]);
        Assert.Equal("none", metadata[ModelMetadataKeys.QuantizationFp32Layers]);
        Assert.Equal(recorded, report.Calibration);
        var expected = ActivationQuantization.FromRange(
            RangeCalibrator.Measure(fp32, ["odd"], calibration.Images, Preprocess, batchSize: 8, method, percentile: 99.5, CancellationToken.None)["odd"]);
        var scale = InitializerData.ReadFloats(int8.Graph.Initializer.Single(t => t.Name == "odd.q_scale")).Single();
        Assert.Equal(expected.Scale, scale);
    }

    [Fact]
    public void Measure_WithClippingMethods_GivesRangesInsideMinMax()
    {
        var fp32 = TinyGraphs.NearTie(8, insertAfterConv: "Relu");
        var minMax = RangeCalibrator.Measure(fp32, ["odd", "pool"], calibration.Images, Preprocess, batchSize: 8, CancellationToken.None);

        foreach (var method in new[] { CalibrationMethod.Percentile, CalibrationMethod.Entropy, CalibrationMethod.Mse })
        {
            var ranges = RangeCalibrator.Measure(fp32, ["odd", "pool"], calibration.Images, Preprocess, batchSize: 8, method, percentile: 99, CancellationToken.None);
            foreach (var (tensor, range) in ranges)
            {
                Assert.True(range.Min >= minMax[tensor].Min && range.Max <= minMax[tensor].Max, $"{method} {tensor}: {range} is not inside {minMax[tensor]}");
            }
        }
    }

    [Fact]
    public void Plan_WithAHeadToKeepButNone_SaysWhatToDrop()
    {
        var error = Assert.Throws<QuantizationException>(() => QdqPlan.Create(TinyGraphs.NearTie(8).Graph, Fp32Layers.Head));

        Assert.Contains("no Gemm or MatMul", error.Message);
        Assert.Contains("drop head from --fp32-layers", error.Message);
    }

    [Fact]
    public void Plan_ReluThatAloneReadsAConvolution_IsFoldedIntoTheConvolutionOutput()
    {
        var plan = QdqPlan.Create(TinyGraphs.NearTie(8, insertAfterConv: "Relu").Graph);

        Assert.Equal("Relu", Assert.Single(plan.RemovedNodes).OpType);
        Assert.Equal("odd", plan.Renames["conv"]);
        Assert.Equal("image_nchw", plan.Activations["image_nchw"]);
        Assert.Equal("odd", plan.Activations["odd"]);
        Assert.Equal("pool", plan.Activations["pool"]);
        Assert.Equal("pool", plan.Activations["flat"]);
        Assert.False(plan.Activations.ContainsKey("probabilities"));
    }
}

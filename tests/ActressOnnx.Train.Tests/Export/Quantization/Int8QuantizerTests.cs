using ActressOnnx.Imaging;
using ActressOnnx.Testing;
using ActressOnnx.Train.Export.Quantization;

namespace ActressOnnx.Train.Tests.Export.Quantization;

public sealed class Int8QuantizerTests : IDisposable
{
    private static readonly PreprocessSettings Preprocess = new(8, 8, ResizeMethod.Squish);
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
            Int8Quantizer.Quantize(TinyGraphs.NearTie(8), calibration, Preprocess, new QuantizationOptions(), CancellationToken.None));

        Assert.Equal(12, error.Report.ImageCount);
        Assert.InRange(error.Report.LabelAgreement, 0, 0.5);
        Assert.Contains("below the required 99.0%", error.Message);
        Assert.Contains("nothing was written", error.Message);
    }

    [Fact]
    public void Quantize_WithUnsupportedNode_NamesTheNodeAndTheWayOut()
    {
        var error = Assert.Throws<QuantizationException>(() =>
            Int8Quantizer.Quantize(TinyGraphs.NearTie(8, insertAfterConv: "Erf"), calibration, Preprocess, new QuantizationOptions(), CancellationToken.None));

        Assert.Contains("Node 'odd' (Erf) cannot be quantized", error.Message);
        Assert.Contains("export without --quantize", error.Message);
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

using ActressOnnx.Imaging;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Images;
using ActressOnnx.Train.Export;
using ActressOnnx.Train.Model;
using ActressOnnx.Train.Model.Weights;
using ActressOnnx.Train.Tests.Export;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Tests.Model.Weights;

public sealed class CntkResNet18ImporterTests : IDisposable
{
    /// <summary>
    /// Largest allowed |ours - ONNX Runtime| of a pooled feature, relative to the largest feature. Both sides compute
    /// the same float32 convolutions in a different order, so they differ by accumulated rounding only (measured:
    /// about 1e-6 relative); a wrong padding, channel order or block shifts features by tens of percent.
    /// </summary>
    private const double RelativeTolerance = 1e-4;
    private const int Size = 224;
    private readonly DirectoryInfo directory = TestPaths.NewTempDirectory("cntk-import");

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public void Load_PackageWeights_FeaturesMatchOnnxRuntimeOnPackageModel()
    {
        var images = DecodeTwoJpegs();
        var preprocessed = images.Select(PackagePreprocess).ToArray();
        var expected = preprocessed.Select(PackageFeatures).ToArray();

        using var model = new ResNet18(2, ResNetArchitecture.Cntk);
        CntkResNet18Importer.Load(model, PretrainedPackage.ModelPath);
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // The package's preprocessing gives BGR; the imported conv1 takes RGB.
        var batch = cat(preprocessed.Select(p => tensor(p, [1, 3, Size, Size])).ToArray(), 0).flip(1);
        var actual = model.Features(batch);

        Assert.Equal([2, 512], actual.shape);
        for (var i = 0; i < images.Length; i++)
        {
            var ours = actual[i].data<float>().ToArray();
            var largest = expected[i].Max(Math.Abs);
            Assert.True(largest > 1, $"image {i}: ImageNet features should not be near zero, largest is {largest}");
            var difference = ExportTestModels.MaxAbsoluteDifference(expected[i], ours);
            Assert.InRange(difference / largest, 0, RelativeTolerance);
        }

        Assert.NotEqual(expected[0], expected[1]);
    }

    /// <summary>
    /// The whole input path training uses (RGB bytes → <see cref="ImageNormalization.Cntk"/> → the imported body, whose
    /// conv1 takes RGB) against the package's own pipeline on the same bytes (ResNetPreprocess.onnx → ResNet18.onnx).
    /// The only intended difference is the per-channel mean in place of the 224x224 mean image, whose pixels stray a
    /// few units from their channel's mean: that moves features by about 6% of the largest (measured), while feeding
    /// BGR into the RGB conv1 (a swapped or missing fold) moves them by about 33%, which the last assertion checks.
    /// </summary>
    [Fact]
    public void Forward_RawRgbBytes_FeaturesMatchPackagePipeline()
    {
        var images = DecodeTwoJpegs();
        var expected = images.Select(PackagePreprocess).Select(PackageFeatures).ToArray();

        using var model = new ResNet18(2, ResNetArchitecture.Cntk);
        CntkResNet18Importer.Load(model, PretrainedPackage.ModelPath);
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var rgb = cat(images.Select(bytes => tensor(bytes, [1, Size, Size, 3])).ToArray(), 0);
        var actual = model.Features(model.Architecture.Normalization.Apply(rgb));
        var swapped = model.Features(model.Architecture.Normalization.Apply(rgb.flip(3)));

        for (var i = 0; i < images.Length; i++)
        {
            var largest = expected[i].Max(Math.Abs);
            var difference = ExportTestModels.MaxAbsoluteDifference(expected[i], actual[i].data<float>().ToArray()) / largest;
            var swappedDifference = ExportTestModels.MaxAbsoluteDifference(expected[i], swapped[i].data<float>().ToArray()) / largest;
            Assert.True(difference < 0.1, $"image {i}: features differ from the package's pipeline by {difference:F4} of the largest");
            Assert.True(swappedDifference > 3 * difference, $"image {i}: swapping R and B moved features by {swappedDifference:F4}, ours differ by {difference:F4}; the test cannot tell channel orders apart");
            Assert.True(swappedDifference > 4 * difference, $"image {i}: swapping R and B moved features by {swappedDifference:F4}, ours by {difference:F4}; the test cannot tell channel orders apart");
        }
    }

    [Fact]
    public void Normalization_Cntk_MeansAreThoseOfThePackagesMeanImage()
    {
        var mean = ActressOnnx.Onnx.Proto.ModelProto.Parser.ParseFrom(File.ReadAllBytes(PretrainedPackage.PreprocessPath))
            .Graph.Initializer.Single(t => t.Name == "MeanImage");
        var values = mean.FloatData.Count > 0 ? [.. mean.FloatData] : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(mean.RawData.Span).ToArray();
        var plane = Size * Size;

        // The mean image is BGR; the normalisation is RGB on the 0..255 scale.
        double[] bgr = [.. Enumerable.Range(0, 3).Select(c => values.Skip(c * plane).Take(plane).Average(v => (double)v))];
        var offset = ImageNormalization.Cntk.Offset;
        Assert.Equal(-bgr[2], offset[0], 3);
        Assert.Equal(-bgr[1], offset[1], 3);
        Assert.Equal(-bgr[0], offset[2], 3);
        Assert.All(ImageNormalization.Cntk.Scale, scale => Assert.Equal(1.0, scale, 5));
    }

    [Fact]
    public void Load_OnnxOfAnotherNetwork_ThrowsNamingTheMismatch()
    {
        using var other = ExportTestModels.Fresh(classes: 2, seed: 1);
        other.eval();
        var path = Path.Combine(directory.FullName, "torchvision.onnx");
        File.WriteAllBytes(path, ResNet18OnnxGraph.Build(other, ExportTestModels.Info(32, 32, ["a", "b"])).ToByteArray());
        using var model = new ResNet18(2, ResNetArchitecture.Cntk);

        var ex = Assert.Throws<PretrainedWeightsException>(() => CntkResNet18Importer.Load(model, path));

        Assert.Contains("is not the ResNet18 this trainer imports", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--pretrained none", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsWithWhatToDo()
    {
        using var model = new ResNet18(2, ResNetArchitecture.Cntk);

        var ex = Assert.Throws<PretrainedWeightsException>(() => CntkResNet18Importer.Load(model, Path.Combine(directory.FullName, "absent.onnx")));

        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_IntoTorchvisionLayout_IsRefused()
    {
        using var model = new ResNet18(2);

        Assert.Throws<ArgumentException>(() => CntkResNet18Importer.Load(model, PretrainedPackage.ModelPath));
    }

    // RGB bytes [H,W,3] -> the package's ResNetPreprocess.onnx (BGR, minus the mean image) -> [1,3,H,W] floats.
    /// <summary>Two real JPEGs (a large synthetic photo and a smooth picture) decoded to 224x224 RGB bytes, centre-cropped.</summary>
    private static byte[][] DecodeTwoJpegs()
    {
        var settings = new PreprocessSettings(Size, Size, ResizeMethod.Crop);
        var decoder = new ImageDecoder();
        using var picture = TestImages.SmoothPicture(400, 300);
        return
        [
            decoder.Decode(TestImages.LargeJpeg(1200, 800), settings),
            decoder.Decode(TestImages.Encode(picture, ImageFormat.Jpeg), settings),
        ];
    }

    private static float[] PackagePreprocess(byte[] rgb)
    {
        var planar = new float[3 * Size * Size];
        for (var i = 0; i < Size * Size; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                planar[(c * Size * Size) + i] = rgb[(i * 3) + c];
            }
        }

        using var session = new InferenceSession(PretrainedPackage.PreprocessPath);
        using var input = OrtValue.CreateTensorValueFromMemory(planar, [1, 3, Size, Size]);
        using var outputs = session.Run(new RunOptions(), ["OriginalInput"], [input], ["PreprocessedInput"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static float[] PackageFeatures(float[] preprocessed)
    {
        using var session = new InferenceSession(PretrainedPackage.ModelPath);
        using var input = OrtValue.CreateTensorValueFromMemory(preprocessed, [1, 3, Size, Size]);
        using var outputs = session.Run(new RunOptions(), ["Input247"], [input], ["Pooling395_Output_0"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}

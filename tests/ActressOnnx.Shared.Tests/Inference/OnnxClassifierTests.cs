using ActressOnnx.Imaging;
using ActressOnnx.Inference;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Images;
using ActressOnnx.Testing.Onnx;
using SkiaSharp;

namespace ActressOnnx.Tests.Inference;

public sealed class OnnxClassifierTests
{
    [Fact]
    public void Load_ReadsLabelsAndPreprocessingFromMetadata()
    {
        using var classifier = OnnxClassifier.Load(TinyColorModel.Create(new TinyColorModelOptions
        {
            Labels = ["r", "g", "b", "r2"],
            Width = 24,
            Height = 16,
            ResizeMethod = "crop",
        }));

        Assert.Equal(["r", "g", "b", "r2"], classifier.Labels);
        Assert.Equal(new PreprocessSettings(24, 16, ResizeMethod.Crop), classifier.Preprocess);
        Assert.Equal("tiny-mean-colour", classifier.Metadata.Architecture);
        Assert.Equal(3, classifier.Metadata.Epochs);
    }

    [Fact]
    public void Load_FromPath_GivesSameModelAsFromBytes()
    {
        var directory = TestPaths.NewTempDirectory();
        try
        {
            var path = TinyColorModel.WriteTo(Path.Combine(directory.FullName, "model.onnx"));
            using var classifier = OnnxClassifier.Load(path);

            var prediction = classifier.PredictDecoded(ColorImages.Pixels(32, 32, 10, 200, 10)).Single();

            Assert.Equal("green", prediction.Label);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void PredictDecoded_ClassifiesEachImageOfABatchByItsDominantColour()
    {
        using var classifier = OnnxClassifier.Load(TinyColorModel.Create());
        byte[] pixels = [.. ColorImages.Pixels(32, 32, 200, 20, 30), .. ColorImages.Pixels(32, 32, 10, 30, 220), .. ColorImages.Pixels(32, 32, 90, 100, 60)];

        var predictions = classifier.PredictDecoded(pixels);

        Assert.Equal(["red", "blue", "green"], predictions.Select(p => p.Label));
        Assert.True(predictions[0].Probability > 0.99f, $"red scored {predictions[0].Probability}");
        Assert.Equal(predictions[0].Probability, predictions[0].Probabilities["red"]);
    }

    [Theory]
    [InlineData(ImageFormat.Png)]
    [InlineData(ImageFormat.Jpeg)]
    [InlineData(ImageFormat.Webp)]
    public void Predict_WhenEncodedImage_DecodesWithModelSettingsAndClassifies(ImageFormat format)
    {
        using var classifier = OnnxClassifier.Load(TinyColorModel.Create(new TinyColorModelOptions { Width = 16, Height = 16 }));
        using var red = TestImages.Solid(40, 30, new SKColor(210, 40, 30));
        using var blue = TestImages.Solid(30, 40, new SKColor(20, 50, 200));

        Assert.Equal("red", classifier.Predict(TestImages.Encode(red, format)).Label);
        Assert.Equal("blue", classifier.Predict(TestImages.Encode(blue, format)).Label);
    }

    [Fact]
    public void Predict_WhenNotAnImage_ThrowsImageDecodeExceptionAndKeepsWorking()
    {
        using var classifier = OnnxClassifier.Load(TinyColorModel.Create());

        var ex = Assert.Throws<ImageDecodeException>(() => classifier.Predict("<html><body>hi</body></html>"u8));

        Assert.Equal(ImageDecodeError.UnsupportedFormat, ex.Error);
        Assert.Equal("blue", classifier.Predict(ColorImages.BluePng()).Label);
    }

    [Fact]
    public void PredictDecoded_ProbabilitiesMatchSoftmaxOfChannelMeans()
    {
        using var classifier = OnnxClassifier.Load(TinyColorModel.Create());

        var prediction = classifier.PredictDecoded(ColorImages.Pixels(32, 32, 40, 60, 20)).Single();

        int[] channelMeans = [40, 60, 20];
        var logits = channelMeans.Select(v => Math.Exp(v * TinyColorModel.ChannelWeight)).ToArray();
        Assert.Equal(["red", "green", "blue"], prediction.Probabilities.Keys);
        Assert.Equal(logits[1] / logits.Sum(), prediction.Probabilities["green"], 4);
        Assert.Equal(logits[2] / logits.Sum(), prediction.Probabilities["blue"], 4);
        Assert.Equal(1.0, prediction.Probabilities.Values.Sum(), 4);
    }

    [Fact]
    public void PredictDecoded_WhenListOfImages_MatchesContiguousBatch()
    {
        using var classifier = OnnxClassifier.Load(TinyColorModel.Create());
        var red = ColorImages.Pixels(32, 32, 200, 20, 30);
        var blue = ColorImages.Pixels(32, 32, 10, 30, 220);

        var predictions = classifier.PredictDecoded([red.AsMemory(), blue.AsMemory()]);

        Assert.Equal(["red", "blue"], predictions.Select(p => p.Label));
    }

    [Fact]
    public void PredictDecoded_WhenBytesAreNotWholeImages_ThrowsArgumentException()
    {
        using var classifier = OnnxClassifier.Load(TinyColorModel.Create());

        var ex = Assert.Throws<ArgumentException>(() => classifier.PredictDecoded(new byte[32 * 32 * 3 + 1]));

        Assert.Contains("3072 bytes each", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task PredictAsync_WhenManyConcurrentCallsThroughTheGate_GivesSameResultsAsSerialCalls(int maxConcurrentRuns)
    {
        using var classifier = OnnxClassifier.Load(TinyColorModel.Create(new TinyColorModelOptions { Width = 16, Height = 16 }),
            new OnnxClassifierOptions { IntraOpThreads = 1, MaxConcurrentRuns = maxConcurrentRuns, MaxPooledBuffers = 2 });
        var images = Enumerable.Range(0, 24).Select(i =>
        {
            using var bitmap = TestImages.Solid(20 + i, 18, new SKColor((byte)(i * 37 % 256), (byte)(i * 91 % 256), (byte)(i * 53 % 256)));
            return TestImages.Encode(bitmap, ImageFormat.Png);
        }).ToArray();
        var serial = images.Select(image => classifier.Predict(image)).ToArray();

        var concurrent = await Task.WhenAll(Enumerable.Range(0, images.Length * 4).Select(i =>
            Task.Run(async () => (Index: i % images.Length, Prediction: await classifier.PredictAsync(images[i % images.Length], CancellationToken.None)))));

        Assert.All(concurrent, result => Assert.Equal(serial[result.Index].Probabilities.Values, result.Prediction.Probabilities.Values));
        Assert.Equal(3, serial.Select(p => p.Label).Distinct().Count());
    }

    [Fact]
    public void Load_WhenCudaRequestedOnTheCpuBuild_FallsBackToTheCpuAndSaysWhy()
    {
        using var classifier = OnnxClassifier.Load(TinyColorModel.Create(), new OnnxClassifierOptions { ExecutionProvider = ExecutionProvider.Cuda });

        Assert.Equal(ExecutionProvider.Cpu, classifier.ExecutionProvider);
        Assert.StartsWith("CUDA is not available (", classifier.ExecutionProviderFallback, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', classifier.ExecutionProviderFallback!);
        Assert.Equal("red", classifier.Predict(ColorImages.RedPng()).Label);
    }

    [Fact]
    public void Load_WithTheDefaultProvider_RunsOnTheCpuWithoutFallback()
    {
        using var classifier = OnnxClassifier.Load(TinyColorModel.Create());

        Assert.Equal(ExecutionProvider.Cpu, classifier.ExecutionProvider);
        Assert.Null(classifier.ExecutionProviderFallback);
    }

    [Fact]
    public async Task PredictAsync_WhenCancelledBeforeItsTurn_ThrowsAndLeavesTheGateFree()
    {
        using var classifier = OnnxClassifier.Load(TinyColorModel.Create(), new OnnxClassifierOptions { MaxConcurrentRuns = 1 });
        var red = ColorImages.RedPng();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await classifier.PredictAsync(red, new CancellationToken(canceled: true)));

        // A leaked slot would make this wait forever; a decode error must not leak one either.
        await Assert.ThrowsAsync<ImageDecodeException>(async () => await classifier.PredictAsync(new byte[] { 1, 2, 3 }, CancellationToken.None));
        var prediction = await classifier.PredictAsync(red, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("red", prediction.Label);
    }

    [Fact]
    public void PredictDecoded_WhenManyParallelCalls_GivesSameResultsAsSerialCalls()
    {
        using var classifier = OnnxClassifier.Load(TinyColorModel.Create(), new OnnxClassifierOptions { IntraOpThreads = 1, MaxPooledBuffers = 2 });
        var inputs = Enumerable.Range(0, 64)
            .Select(i => ColorImages.Pixels(32, 32, (byte)(i * 37 % 256), (byte)(i * 91 % 256), (byte)(i * 53 % 256)))
            .ToArray();
        var serial = inputs.Select(p => classifier.PredictDecoded(p).Single()).ToArray();

        var mismatches = new System.Collections.Concurrent.ConcurrentBag<int>();
        Parallel.For(0, inputs.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var index = i % inputs.Length;
            var prediction = i % 2 == 0 ? classifier.PredictDecoded(inputs[index]).Single() : classifier.PredictDecoded([inputs[index].AsMemory()]).Single();
            if (prediction.Label != serial[index].Label || !prediction.Probabilities.Values.SequenceEqual(serial[index].Probabilities.Values))
            {
                mismatches.Add(index);
            }
        });

        Assert.Empty(mismatches);
        Assert.True(serial.Select(p => p.Label).Distinct().Count() == 3, "the inputs should cover all three labels");
    }

    [Fact]
    public void Load_WhenMetadataKeyMissing_ThrowsNamingTheKey()
    {
        var model = TinyColorModel.Create(new TinyColorModelOptions
        {
            MetadataOverrides = new Dictionary<string, string?> { [ModelMetadataKeys.Labels] = null },
        });

        var ex = Assert.Throws<InvalidModelException>(() => OnnxClassifier.Load(model));

        Assert.Equal(ModelMetadataKeys.Labels, ex.MetadataKey);
        Assert.Contains(ModelMetadataKeys.Labels, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenLabelCountDisagreesWithOutput_ThrowsNamingLabels()
    {
        var model = TinyColorModel.Create(new TinyColorModelOptions
        {
            MetadataOverrides = new Dictionary<string, string?> { [ModelMetadataKeys.Labels] = """["red","green"]""" },
        });

        var ex = Assert.Throws<InvalidModelException>(() => OnnxClassifier.Load(model));

        Assert.Equal(ModelMetadataKeys.Labels, ex.MetadataKey);
        Assert.Contains("2 labels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenInputSizeDisagreesWithMetadata_Throws()
    {
        var model = TinyColorModel.Create(new TinyColorModelOptions
        {
            MetadataOverrides = new Dictionary<string, string?> { [ModelMetadataKeys.InputWidth] = "48" },
        });

        var ex = Assert.Throws<InvalidModelException>(() => OnnxClassifier.Load(model));

        Assert.Contains("[N, 32, 48, 3]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenSpatialDimsSymbolic_UsesMetadataSize()
    {
        using var classifier = OnnxClassifier.Load(TinyColorModel.Create(new TinyColorModelOptions { FixedSpatialDims = false, Width = 8, Height = 4 }));

        var prediction = classifier.PredictDecoded(ColorImages.Pixels(8, 4, 10, 10, 250)).Single();

        Assert.Equal("blue", prediction.Label);
    }

    [Fact]
    public void Load_WhenBytesAreNotOnnx_ThrowsInvalidModelException()
    {
        var ex = Assert.Throws<InvalidModelException>(() => OnnxClassifier.Load("<html>not a model</html>"u8.ToArray()));

        Assert.Contains("cannot load", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PredictDecoded_AfterDispose_ThrowsObjectDisposedException()
    {
        var classifier = OnnxClassifier.Load(TinyColorModel.Create());
        classifier.Dispose();

        Assert.Throws<ObjectDisposedException>(() => classifier.PredictDecoded(ColorImages.Pixels(32, 32, 1, 2, 3)));
    }
}

using ActressOnnx.Imaging;
using ActressOnnx.Testing;
using ActressOnnx.Train.Model.Weights;
using ActressOnnx.Train.Training;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Tests.Training;

public sealed class TrainingJobTests : IDisposable
{
    private readonly DirectoryInfo root = TestPaths.NewTempDirectory("trainingjob");
    private readonly string dataDirectory;
    private readonly string outputDirectory;

    public TrainingJobTests()
    {
        dataDirectory = Path.Combine(root.FullName, "data");
        outputDirectory = Directory.CreateDirectory(Path.Combine(root.FullName, "out")).FullName;
        SyntheticDataset.Write(dataDirectory, imagesPerClass: 12, size: 32, format: ImageFormat.Jpeg, seed: 11);
    }

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public void Run_TrainsReportsAndWritesACheckpointThatLoads()
    {
        var corrupt = Path.Combine(dataDirectory, SyntheticDataset.StripesLabel, "broken.jpg");
        File.WriteAllBytes(corrupt, [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]);
        var output = new StringWriter();

        var result = TrainingJob.Run(Options(epochs: 1), output, progress: null, CancellationToken.None);

        var text = output.ToString();
        Assert.Contains("2 classes, 24 images, 1 skipped", text, StringComparison.Ordinal);
        Assert.Contains($"warning: skipped {corrupt}:", text, StringComparison.Ordinal);
        Assert.Contains("Device: cpu", text, StringComparison.Ordinal);
        var lines = text.Split(Environment.NewLine);
        Assert.Contains("Training resnet18-cntk from imagenet:Microsoft.ML.DnnImageFeaturizer.ResNet18/", text, StringComparison.Ordinal);
        var header = Array.FindIndex(lines, line => line.StartsWith("epoch  body    train_loss  valid_loss  error_rate         lr    img/s", StringComparison.Ordinal));
        Assert.True(header >= 0, "no epoch table header in:\n" + text);
        Assert.StartsWith("0      head", lines[header + 1], StringComparison.Ordinal);
        Assert.StartsWith("1      all ", lines[header + 2], StringComparison.Ordinal);
        Assert.Equal(lines[header].Length, lines[header + 1].Length);
        Assert.Contains(lines, line => line.StartsWith("Kept: ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("Time: ", StringComparison.Ordinal) && line.Contains(" s in all: steps ", StringComparison.Ordinal));
        Assert.Contains($"Saved checkpoint to {result.CheckpointPath}", text, StringComparison.Ordinal);

        Assert.Equal(Path.Combine(outputDirectory, "model.ckpt"), result.CheckpointPath);
        var (model, info) = TrainingCheckpoint.Load(result.CheckpointPath, CPU);
        model.Dispose();
        Assert.Equal(SyntheticDataset.Labels, info.Labels);
        Assert.Equal(new PreprocessSettings(32, 32, ResizeMethod.Crop), info.Preprocess);
        Assert.Equal(2, info.Epochs);
        Assert.Equal("resnet18-cntk", info.Architecture);
        Assert.StartsWith("imagenet:Microsoft.ML.DnnImageFeaturizer.ResNet18/", info.Weights, StringComparison.Ordinal);
        var kept = result.History.MinBy(epoch => epoch.ValidLoss)!;
        Assert.Equal(kept.ValidLoss, info.ValidLoss);
        Assert.Equal(kept.ErrorRate, info.ValidErrorRate);

        // One entry per optimiser step, numbered without gaps; the fitted head (epoch 0) takes none; each epoch's mean
        // equals its train loss.
        Assert.Equal(Enumerable.Range(0, result.Batches.Count), result.Batches.Select(batch => batch.Step));
        Assert.Equal([1], result.Batches.Select(batch => batch.Epoch).Distinct());
        foreach (var epoch in result.History.Where(epoch => !epoch.HeadOnly))
        {
            var steps = result.Batches.Where(batch => batch.Epoch == epoch.Epoch).ToList();
            var weighted = steps.Sum(batch => batch.Loss * batch.BatchSize) / steps.Sum(batch => batch.BatchSize);
            Assert.Equal(epoch.TrainLoss, weighted, 4);
            Assert.All(steps, batch => Assert.True(batch.LearningRate > 0));
        }
    }

    [Fact]
    public void Run_WhenCancelledAfterTheFirstEpoch_LeavesNoNewFileAndKeepsTheOldCheckpoint()
    {
        var checkpoint = Path.Combine(outputDirectory, "model.ckpt");
        File.WriteAllText(checkpoint, "previous checkpoint");
        using var cancellation = new CancellationTokenSource();
        var epochsSeen = 0;
        var cancelAfterFirstEpoch = new SynchronousProgress<EpochMetrics>(_ =>
        {
            epochsSeen++;
            cancellation.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(
            () => TrainingJob.Run(Options(epochs: 3), TextWriter.Null, cancelAfterFirstEpoch, cancellation.Token));

        Assert.Equal(1, epochsSeen);
        Assert.Equal([checkpoint], Directory.GetFiles(outputDirectory, "*", SearchOption.AllDirectories));
        Assert.Equal("previous checkpoint", File.ReadAllText(checkpoint));
    }

    [Fact]
    public void Run_AskingForCudaWithoutIt_ThrowsTrainingException()
    {
        if (cuda.is_available())
        {
            return;
        }

        var ex = Assert.Throws<TrainingException>(
            () => TrainingJob.Run(Options(epochs: 1) with { Device = DeviceChoice.Cuda }, TextWriter.Null, null, CancellationToken.None));

        Assert.Contains("--device cpu", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(outputDirectory));
    }

    [Fact]
    public void Run_PretrainedNone_TrainsEveryLayerFromRandomWeightsWithoutFrozenEpochs()
    {
        var output = new StringWriter();

        var result = TrainingJob.Run(Options(epochs: 1) with { Pretrained = PretrainedWeights.None }, output, null, CancellationToken.None);

        Assert.Equal([false], result.History.Select(m => m.Frozen));
        Assert.Equal("none", result.Info.Weights);
        Assert.Contains("Training resnet18-cntk from none", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TuneHead_FitsOnlyTheHeadAndTakesNoSteps()
    {
        var output = new StringWriter();

        var result = TrainingJob.Run(Options(epochs: 1) with { Training = new TrainingOptions { Epochs = 1, BatchSize = 8, Seed = 42, Tune = TuneMode.Head } }, output, null, CancellationToken.None);

        var only = Assert.Single(result.History);
        Assert.True(only.HeadOnly);
        Assert.Empty(result.Batches);
        Assert.Equal(only.ValidLoss, result.Info.ValidLoss);
        Assert.Contains("Kept: the head fitted on frozen ImageNet features", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 3, 32, "--freeze-epochs")]
    [InlineData(2, 1, 48, "multiples of 32")]
    public void Run_WithSettingsTheFineTuneCannotUse_ThrowsWithWhatToChange(int epochs, int freezeEpochs, int size, string expected)
    {
        var options = Options(epochs) with
        {
            Preprocess = new PreprocessSettings(size, size, ResizeMethod.Crop),
            Training = new TrainingOptions { Epochs = epochs, FreezeEpochs = freezeEpochs, BatchSize = 8 },
        };

        var ex = Assert.Throws<TrainingException>(() => TrainingJob.Run(options, TextWriter.Null, null, CancellationToken.None));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(outputDirectory));
    }

    [Theory]
    [InlineData(0, 16, 0.2, 32)]
    [InlineData(2, 1, 0.2, 32)]
    [InlineData(2, 16, 1.0, 32)]
    [InlineData(2, 16, 0.2, 4)]
    public void Run_WithOutOfRangeSettings_ThrowsTrainingException(int epochs, int batchSize, double validFraction, int size)
    {
        var options = Options(epochs) with
        {
            ValidFraction = validFraction,
            Preprocess = new PreprocessSettings(size, size, ResizeMethod.Crop),
            Training = new TrainingOptions { Epochs = epochs, BatchSize = batchSize },
        };

        Assert.Throws<TrainingException>(() => TrainingJob.Run(options, TextWriter.Null, null, CancellationToken.None));
    }

    private TrainingJobOptions Options(int epochs) => new()
    {
        DataDirectory = dataDirectory,
        OutputPath = Path.Combine(outputDirectory, "model.ckpt"),
        Preprocess = new PreprocessSettings(32, 32, ResizeMethod.Crop),
        ValidFraction = 0.25,
        Device = DeviceChoice.Cpu,
        Training = new TrainingOptions { Epochs = epochs, BatchSize = 8, Seed = 42 },
    };
}

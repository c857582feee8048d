using ActressOnnx.Train.Data;
using ActressOnnx.Train.Model;
using ActressOnnx.Train.Training;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Tests.Training;

[Collection(SeededTorchGroup.Name)]
public sealed class ClassifierTrainerTests(SyntheticImagesFixture data) : IClassFixture<SyntheticImagesFixture>
{
    private static readonly TrainingOptions FastOptions = new() { Epochs = 6, BatchSize = 16, LearningRate = 1e-3, Seed = 42, FreezeEpochs = 0, DiscriminativeLearningRates = false, FitHead = false, Tune = TuneMode.All, FreezeBatchNormStatistics = false, KeepBestEpoch = false };

    [Fact]
    public void Train_OnSyntheticImages_LearnsToTellTheClassesApart()
    {
        var split = DatasetSplitter.Split(data.Images.Targets, 0.25, seed: 42);
        random.manual_seed(42);
        using var model = new ResNet18(2);
        var reported = new List<EpochMetrics>();

        var history = ClassifierTrainer.Train(
            model, data.Images, split, CPU, FastOptions, new RandomHorizontalFlip(1), new SynchronousProgress<EpochMetrics>(reported.Add), CancellationToken.None).History;

        Assert.Equal(history, reported);
        Assert.Equal(Enumerable.Range(0, FastOptions.Epochs), history.Select(m => m.Epoch));
        Assert.All(history, m => Assert.NotNull(m.ValidLoss));
        Assert.True(history[^1].TrainLoss < history[0].TrainLoss * 0.5, $"train loss did not fall: {string.Join(", ", history.Select(m => m.TrainLoss))}");
        Assert.True(history[^1].ErrorRate <= 0.10, $"validation error rate {history[^1].ErrorRate} after {history.Count} epochs");
        Assert.False(model.training);
    }

    [Fact]
    public void Train_FineTune_FreezesTheBodyButNotBatchNormThenTrainsEveryLayer()
    {
        var split = DatasetSplitter.Split(data.Images.Targets, 0.25, seed: 42);
        random.manual_seed(5);
        using var model = new ResNet18(2);
        var options = new TrainingOptions { Epochs = 1, FreezeEpochs = 1, BatchSize = 16, LearningRate = 1e-3, Seed = 42, FitHead = false, Tune = TuneMode.All, FreezeBatchNormStatistics = false, KeepBestEpoch = false };
        using var conv1Before = model.Conv1.weight!.detach().clone();
        using var bn1Before = model.Bn1.weight!.detach().clone();
        using var fcBefore = model.Fc.weight!.detach().clone();
        var afterFrozen = new Dictionary<string, bool>();
        var batches = new List<BatchMetrics>();
        var onEpoch = new SynchronousProgress<EpochMetrics>(metrics =>
        {
            if (metrics.Epoch == 0)
            {
                afterFrozen["conv1"] = model.Conv1.weight!.allclose(conv1Before, rtol: 0, atol: 0);
                afterFrozen["bn1"] = model.Bn1.weight!.allclose(bn1Before, rtol: 0, atol: 0);
                afterFrozen["fc"] = model.Fc.weight!.allclose(fcBefore, rtol: 0, atol: 0);
            }
        });

        var history = ClassifierTrainer.Train(
            model, data.Images, split, CPU, options, null, onEpoch, CancellationToken.None, new SynchronousProgress<BatchMetrics>(batches.Add)).History;

        Assert.Equal([true, false], history.Select(m => m.Frozen));
        Assert.True(afterFrozen["conv1"], "the frozen epoch changed conv1");
        Assert.False(afterFrozen["bn1"], "batch norm should train while the body is frozen");
        Assert.False(afterFrozen["fc"], "the head should train while the body is frozen");
        Assert.False(model.Conv1.weight!.allclose(conv1Before, rtol: 0, atol: 0), "the unfrozen epoch left conv1 alone");
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
        Assert.Equal(Enumerable.Range(0, batches.Count), batches.Select(b => b.Step));
        Assert.Equal([0, 1], batches.Select(b => b.Epoch).Distinct());
        Assert.InRange(batches.Where(b => b.Epoch == 0).Max(b => b.LearningRate), 1e-3 / 25, 1e-3);
        Assert.InRange(batches.Where(b => b.Epoch == 1).Max(b => b.LearningRate), 0.4e-3, 0.5e-3);
        Assert.All(history, m => Assert.True(m.ImagesPerSecond > 0));
    }

    [Fact]
    public void Train_TuneHead_FitsTheHeadOnFrozenFeaturesAndLeavesTheBodyAlone()
    {
        var split = DatasetSplitter.Split(data.Images.Targets, 0.25, seed: 42);
        random.manual_seed(8);
        using var model = new ResNet18(2);
        var body = model.named_parameters().Where(p => !p.name.StartsWith("fc.", StringComparison.Ordinal)).Select(p => (p.name, p.parameter.detach().clone())).ToList();
        using var fcBefore = model.Fc.weight!.detach().clone();
        var options = FastOptions with { FitHead = true, Tune = TuneMode.Head };

        var outcome = ClassifierTrainer.Train(model, data.Images, split, CPU, options, null, null, CancellationToken.None);

        var head = Assert.Single(outcome.History);
        Assert.True(head.HeadOnly);
        Assert.Equal(0, outcome.KeptEpoch);
        Assert.NotNull(head.Penalty);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.All(body, p => Assert.True(parameters[p.name].allclose(p.Item2, rtol: 0, atol: 0), $"{p.name} changed"));
        Assert.False(model.Fc.weight!.allclose(fcBefore), "the head was not fitted");
        var (validLoss, errorRate) = ClassifierTrainer.Validate(model, new BatchLoader(data.Images, split.Valid, 16), CPU, CancellationToken.None);
        Assert.Equal(head.ValidLoss!.Value, validLoss!.Value, 4);
        Assert.Equal(head.ErrorRate!.Value, errorRate!.Value, 6);
    }

    [Fact]
    public void Train_KeepBestEpoch_EndsWithTheWeightsOfTheLowestValidationLoss()
    {
        var split = DatasetSplitter.Split(data.Images.Targets, 0.25, seed: 42);
        random.manual_seed(9);
        using var model = new ResNet18(2);
        var options = FastOptions with { Epochs = 4, LearningRate = 3e-2, FitHead = true, Tune = TuneMode.Auto, KeepBestEpoch = true };

        var outcome = ClassifierTrainer.Train(model, data.Images, split, CPU, options, null, null, CancellationToken.None);

        Assert.Equal(5, outcome.History.Count);
        var lowest = outcome.History.Min(e => e.ValidLoss!.Value);
        Assert.Equal(lowest, outcome.Kept.ValidLoss);
        var (validLoss, _) = ClassifierTrainer.Validate(model, new BatchLoader(data.Images, split.Valid, 16), CPU, CancellationToken.None);
        Assert.Equal(lowest, validLoss!.Value, 4);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Train_FreezeBatchNormStatistics_KeepsTheRunningStatisticsButTrainsTheScales(bool freeze)
    {
        var split = DatasetSplitter.Split(data.Images.Targets, 0.25, seed: 42);
        random.manual_seed(10);
        using var model = new ResNet18(2);
        using var meanBefore = model.Bn1.running_mean!.detach().clone();
        using var scaleBefore = model.Bn1.weight!.detach().clone();
        var options = FastOptions with { Epochs = 1, FreezeBatchNormStatistics = freeze };

        ClassifierTrainer.Train(model, data.Images, split, CPU, options, null, null, CancellationToken.None);

        Assert.Equal(freeze, model.Bn1.running_mean!.allclose(meanBefore, rtol: 0, atol: 0));
        Assert.False(model.Bn1.weight!.allclose(scaleBefore, rtol: 0, atol: 0), "the batch norm's scale did not train");
    }

    [Fact]
    public void Train_WhenCancelledDuringABatch_StopsAfterThatBatch()
    {
        var split = DatasetSplitter.Split(data.Images.Targets, 0.25, seed: 42);
        using var model = new ResNet18(2);
        using var cancellation = new CancellationTokenSource();
        var cancelOnSecondBatch = new CountingTransform(onBatch: count =>
        {
            if (count == 2)
            {
                cancellation.Cancel();
            }
        });
        var reported = new List<EpochMetrics>();

        Assert.ThrowsAny<OperationCanceledException>(() => ClassifierTrainer.Train(
            model, data.Images, split, CPU, FastOptions, cancelOnSecondBatch, new SynchronousProgress<EpochMetrics>(reported.Add), cancellation.Token));

        Assert.Equal(2, cancelOnSecondBatch.Count);
        Assert.Empty(reported);
    }

    [Fact]
    public void Train_TwiceWithTheSameSeed_SeesTheSameBatchesAndEndsWithTheSameWeights()
    {
        var split = DatasetSplitter.Split(data.Images.Targets, 0.25, seed: 42);
        var options = FastOptions with { Epochs = 2 };

        (List<long> BatchSums, List<BatchMetrics> Steps, float[] Head) RunOnce()
        {
            random.manual_seed(11);
            using var model = new ResNet18(2);
            var steps = new List<BatchMetrics>();
            var recorder = new RecordingTransform(new RandomHorizontalFlip(seed: 3));
            ClassifierTrainer.Train(
                model, data.Images, split, CPU, options, recorder, null, CancellationToken.None, new SynchronousProgress<BatchMetrics>(steps.Add));
            return (recorder.Sums, steps, model.Fc.weight!.data<float>().ToArray());
        }

        var first = RunOnce();
        var second = RunOnce();

        Assert.Equal(2 * new BatchLoader(data.Images, split.Train, options.BatchSize).Plan(null, dropLoneTrailingImage: true).Count, first.BatchSums.Count);
        Assert.Equal(first.BatchSums, second.BatchSums);
        Assert.Equal(first.Steps, second.Steps);
        Assert.Equal(first.Head, second.Head);
    }

    [Fact]
    public void Validate_WithNoValidationImages_ReportsNoMetrics()
    {
        using var model = new ResNet18(2);
        var loader = new BatchLoader(data.Images, [], batchSize: 8);

        var (loss, errorRate) = ClassifierTrainer.Validate(model, loader, CPU, CancellationToken.None);

        Assert.Null(loss);
        Assert.Null(errorRate);
    }

    [Fact]
    public void Train_WithFewerThanTwoTrainingImages_ThrowsTrainingException()
    {
        using var model = new ResNet18(2);
        var split = new DatasetSplit([0], [1, 2]);

        var ex = Assert.Throws<TrainingException>(() => ClassifierTrainer.Train(
            model, data.Images, split, CPU, FastOptions, null, null, CancellationToken.None));

        Assert.Contains("at least 2 training images", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Records a checksum of every batch (pixel sum weighted by position) as it reaches the model.</summary>
    private sealed class RecordingTransform(ITrainingBatchTransform inner) : ITrainingBatchTransform
    {
        public List<long> Sums { get; } = [];

        public Tensor Apply(Tensor images)
        {
            var flat = images.flatten().to(ScalarType.Int64);
            Sums.Add((flat * arange(flat.shape[0], ScalarType.Int64).remainder(9973)).sum().item<long>());
            return inner.Apply(images);
        }
    }

    private sealed class CountingTransform(Action<int> onBatch) : ITrainingBatchTransform
    {
        public int Count { get; private set; }

        public Tensor Apply(Tensor images)
        {
            Count++;
            onBatch(Count);
            return images;
        }
    }
}

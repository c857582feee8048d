extern alias train;
using ActressOnnx.Imaging;
using ActressOnnx.Testing;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using train::ActressOnnx.Train.Data;
using train::ActressOnnx.Train.Model;
using train::ActressOnnx.Train.Training;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ActressOnnx.Benchmarks.Training;

/// <summary>
/// One training step at 224x224, batch 16, of the ImageNet ResNet18 layout on the CPU: a raw TorchSharp
/// forward + backward + AdamW step on a synthetic float tensor (baseline) versus the trainer's whole step — a batch
/// from the decoded cache (decoded 1.5x larger), augmentation on the batch (random resized crop, flip, rotation,
/// zoom, warp, lighting), normalisation, forward, backward, step. The ratio is what the data pipeline costs. A third
/// case takes the batch from a <see cref="BatchPrefetcher"/>, as the trainer's loop does, so that loading overlaps the
/// previous step.
/// </summary>
[Config(typeof(FewIterationsInProcess))]
public class TrainingStepBenchmarks : IDisposable
{
    private const int BatchSize = 16;
    private const int Size = 224;
    private DirectoryInfo? root;
    private BatchLoader? loader;
    private BatchAugmentation? augmentation;
    private IReadOnlyList<int[]> batches = [];
    private int next;
    private BatchPrefetcher? prefetcher;
    private ResNet18? model;
    private optim.Optimizer? optimizer;
    private Tensor? syntheticImages;
    private Tensor? syntheticTargets;

    [GlobalSetup]
    public void Setup()
    {
        root = TestPaths.NewTempDirectory("trainstep");
        SyntheticDataset.Write(root.FullName, BatchSize, size: 400, format: ImageFormat.Jpeg);
        var options = new AugmentationOptions();
        var larger = new PreprocessSettings(options.DecodeSize(Size), options.DecodeSize(Size), ResizeMethod.Crop);
        var images = DatasetDecoder.Decode(ImageFolder.Scan(root.FullName), larger, new ImageDecoder(), CancellationToken.None);
        loader = new BatchLoader(images, Enumerable.Range(0, images.Count).ToArray(), BatchSize);
        batches = loader.Plan(new SeededRandom(1), dropLoneTrailingImage: true);
        augmentation = new BatchAugmentation(seed: 1, Size, Size, options);
        random.manual_seed(1);
        model = new ResNet18(2, ResNetArchitecture.Cntk);
        model.train();
        optimizer = optim.AdamW(model.parameters(), lr: 1e-4);
        syntheticImages = randn(BatchSize, 3, Size, Size);
        syntheticTargets = randint(0, 2, [BatchSize], ScalarType.Int64);
        var epochs = Enumerable.Repeat(batches, 1000).SelectMany(epoch => epoch).ToList();
        prefetcher = new BatchPrefetcher(epochs, batch => loader.Load(batch, CPU), CancellationToken.None);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        prefetcher?.Dispose();
        optimizer?.Dispose();
        model?.Dispose();
        syntheticImages?.Dispose();
        syntheticTargets?.Dispose();
        root?.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, Description = "Raw step on a synthetic float tensor")]
    public float RawStep()
    {
        using var scope = NewDisposeScope();
        return Step(model!.forward(syntheticImages!), syntheticTargets!);
    }

    [Benchmark(Description = "Trainer's step: cache, augmentation, normalisation")]
    public float PipelineStep()
    {
        using var scope = NewDisposeScope();
        var (images, targets) = loader!.Load(batches[next++ % batches.Count], CPU);
        return Step(ClassifierTrainer.Forward(model!, augmentation!.Apply(images)), targets);
    }

    [Benchmark(Description = "Trainer's step, next batch prefetched")]
    public float PrefetchedPipelineStep()
    {
        using var scope = NewDisposeScope();
        if (!prefetcher!.TryTake(out _, out var images, out var targets))
        {
            throw new InvalidOperationException("The benchmark ran more steps than the prefetcher was given.");
        }

        return Step(ClassifierTrainer.Forward(model!, augmentation!.Apply(images)), targets);
    }

    // Steps take about a second each on a quiet CPU: 15 of each, each measured once, in this process (libtorch loads only from this build output).
    private sealed class FewIterationsInProcess : ManualConfig
    {
        public FewIterationsInProcess() =>
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(15));
    }

    private float Step(Tensor logits, Tensor targets)
    {
        var loss = cross_entropy(logits, targets);
        optimizer!.zero_grad();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }
}

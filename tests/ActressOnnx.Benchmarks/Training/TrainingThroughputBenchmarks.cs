extern alias train;
using ActressOnnx.Imaging;
using ActressOnnx.Testing;
using BenchmarkDotNet.Attributes;
using train::ActressOnnx.Train.Data;
using train::ActressOnnx.Train.Model;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ActressOnnx.Benchmarks.Training;

/// <summary>
/// One epoch of ResNet18 training steps (64x64 input, batch 16) over 512x512 JPEGs: decoding the files for every
/// batch (baseline) versus batches built from the decoded in-memory cache the trainer uses.
/// </summary>
/// <remarks>
/// In-process: libtorch's native library is patched to load on this platform only in this project's own build output,
/// not in the separate project BenchmarkDotNet would generate.
/// </remarks>
[InProcess]
[MemoryDiagnoser]
public class TrainingThroughputBenchmarks : IDisposable
{
    private const int BatchSize = 16;
    private const int ImagesPerClass = 16;
    private static readonly PreprocessSettings Settings = new(64, 64, ResizeMethod.Crop);

    private readonly ImageDecoder decoder = new();
    private readonly byte[] batchPixels = new byte[BatchSize * Settings.PixelBytes];
    private DirectoryInfo? root;
    private ImageFolder? folder;
    private BatchLoader? cachedLoader;
    private IReadOnlyList<int[]> batches = [];
    private ResNet18? model;
    private optim.Optimizer? optimizer;

    [GlobalSetup]
    public void Setup()
    {
        root = TestPaths.NewTempDirectory("throughput");
        SyntheticDataset.Write(root.FullName, ImagesPerClass, size: 512, format: ImageFormat.Jpeg);
        folder = ImageFolder.Scan(root.FullName);
        var images = DatasetDecoder.Decode(folder, Settings, decoder, CancellationToken.None);
        var all = Enumerable.Range(0, images.Count).ToArray();
        cachedLoader = new BatchLoader(images, all, BatchSize);
        batches = cachedLoader.Plan(new SeededRandom(1), dropLoneTrailingImage: true);
        random.manual_seed(1);
        model = new ResNet18(folder.Labels.Count);
        model.train();
        optimizer = optim.AdamW(model.parameters(), lr: 1e-3);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        optimizer?.Dispose();
        model?.Dispose();
        root?.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, Description = "Decode files every batch")]
    public float DecodeEveryBatch()
    {
        var loss = 0f;
        foreach (var batch in batches)
        {
            using var scope = NewDisposeScope();
            var targets = new long[batch.Length];
            for (var i = 0; i < batch.Length; i++)
            {
                var file = folder!.Files[batch[i]];
                decoder.Decode(File.ReadAllBytes(file.Path), Settings, batchPixels.AsSpan(i * Settings.PixelBytes, Settings.PixelBytes));
                targets[i] = file.Label;
            }

            var images = empty([batch.Length, Settings.Height, Settings.Width, 3], ScalarType.Byte);
            images.bytes = batchPixels.AsSpan(0, batch.Length * Settings.PixelBytes);
            loss += Step(images, tensor(targets));
        }

        return loss;
    }

    [Benchmark(Description = "Batches from the decoded cache")]
    public float FromCache()
    {
        var loss = 0f;
        foreach (var batch in batches)
        {
            using var scope = NewDisposeScope();
            var (images, targets) = cachedLoader!.Load(batch, CPU);
            loss += Step(images, targets);
        }

        return loss;
    }

    private float Step(Tensor images, Tensor targets)
    {
        var loss = cross_entropy(model!.forward(ImageNormalization.ImageNet.Apply(images)), targets);
        optimizer!.zero_grad();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }
}

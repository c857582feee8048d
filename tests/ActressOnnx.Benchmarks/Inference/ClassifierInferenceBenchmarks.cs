extern alias train;
using ActressOnnx.Imaging;
using ActressOnnx.Inference;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Images;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using train::ActressOnnx.Train.Export;
using train::ActressOnnx.Train.Model;
using train::ActressOnnx.Train.Training;
using static TorchSharp.torch;

namespace ActressOnnx.Benchmarks.Inference;

/// <summary>
/// One image through the real exported ResNet18 (2 classes, 224 x 224, crop): the plain ONNX Runtime code a newcomer
/// would write (baseline) versus <see cref="OnnxClassifier"/> on the same pixels, end to end from JPEG bytes, and
/// per image in a batch of 8; plus <see cref="OnnxClassifier"/> with thread spinning on, the one setting in which the
/// baseline differs from it in a way that matters for a lone request.
/// </summary>
/// <remarks>
/// In-process: the export needs libtorch, whose native library is patched to load on this platform only in this
/// project's own build output, not in the separate project BenchmarkDotNet would generate.
/// </remarks>
[InProcess]
[MemoryDiagnoser]
[WarmupCount(3)]
[IterationCount(10)]
public class ClassifierInferenceBenchmarks : IDisposable
{
    private const int BatchSize = 8;
    private static readonly PreprocessSettings Settings = new(224, 224, ResizeMethod.Crop);
    private static readonly int[] NaiveInputShape = [1, Settings.Height, Settings.Width, 3];

    private DirectoryInfo? directory;
    private InferenceSession? naiveSession;
    private OnnxClassifier? classifier;
    private OnnxClassifier? spinningClassifier;
    private byte[] jpeg = [];
    private byte[] pixels = [];
    private byte[] batchPixels = [];

    [GlobalSetup]
    public void Setup()
    {
        directory = TestPaths.NewTempDirectory("inference-bench");
        var modelPath = ExportFreshResNet18(Path.Combine(directory.FullName, "resnet18.onnx"));

        naiveSession = new InferenceSession(modelPath);
        classifier = OnnxClassifier.Load(modelPath);
        spinningClassifier = OnnxClassifier.Load(modelPath, new OnnxClassifierOptions { AllowThreadSpinning = true });

        using (var photo = TestImages.SmoothPicture(1024, 768))
        {
            jpeg = TestImages.Encode(photo, ImageFormat.Jpeg, quality: 90);
        }

        pixels = new ImageDecoder().Decode(jpeg, Settings);
        batchPixels = new byte[BatchSize * pixels.Length];
        for (var i = 0; i < BatchSize; i++)
        {
            pixels.CopyTo(batchPixels, i * pixels.Length);
        }

        EnsureAllPathsAgree();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        classifier?.Dispose();
        spinningClassifier?.Dispose();
        naiveSession?.Dispose();
        directory?.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, Description = "Naive InferenceSession.Run, decoded 224x224")]
    public float[] NaiveRun()
    {
        var tensor = new DenseTensor<byte>(NaiveInputShape);
        pixels.CopyTo(tensor.Buffer.Span);
        var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor(OnnxClassifier.InputName, tensor) };
        using var results = naiveSession!.Run(inputs);
        return results.First(r => r.Name == OnnxClassifier.OutputName).AsEnumerable<float>().ToArray();
    }

    [Benchmark(Description = "OnnxClassifier.PredictDecoded, decoded 224x224")]
    public Prediction PredictDecoded() => classifier!.PredictDecoded(pixels)[0];

    [Benchmark(Description = "OnnxClassifier.PredictDecoded, spinning threads")]
    public Prediction PredictDecodedSpinning() => spinningClassifier!.PredictDecoded(pixels)[0];

    [Benchmark(Description = "OnnxClassifier.Predict, 1024x768 JPEG bytes")]
    public Prediction PredictJpeg() => classifier!.Predict(jpeg);

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "OnnxClassifier.PredictDecoded, batch of 8, per image")]
    public IReadOnlyList<Prediction> PredictDecodedBatch() => classifier!.PredictDecoded(batchPixels);

    private static string ExportFreshResNet18(string path)
    {
        random.manual_seed(1);
        using var model = new ResNet18(numClasses: 2);
        var info = new CheckpointInfo("resnet18", ["a", "b"], Settings, Epochs: 0, ValidLoss: null, ValidErrorRate: null, DateTimeOffset.UtcNow);
        return OnnxExporter.Export(model, info, path, options: null, CancellationToken.None).Path;
    }

    // A benchmark of paths that answer differently would compare nothing; fail the run instead.
    private void EnsureAllPathsAgree()
    {
        var naive = NaiveRun();
        var single = PredictDecoded();
        var spinning = PredictDecodedSpinning();
        var fromJpeg = PredictJpeg();
        var batch = PredictDecodedBatch();
        for (var i = 0; i < naive.Length; i++)
        {
            var label = classifier!.Labels[i];
            var expected = naive[i];
            var answers = new[] { single.Probabilities[label], spinning.Probabilities[label], fromJpeg.Probabilities[label] }.Concat(batch.Select(p => p.Probabilities[label]));
            if (answers.Any(p => Math.Abs(p - expected) > 1e-4))
            {
                throw new InvalidOperationException(
                    $"Inference paths disagree on '{label}': naive {expected}, ours {string.Join(", ", answers)}.");
            }
        }
    }
}

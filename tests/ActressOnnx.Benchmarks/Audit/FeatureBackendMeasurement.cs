extern alias train;
using System.Diagnostics;
using System.Globalization;
using ActressOnnx.Imaging;
using ActressOnnx.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkiaSharp;
using AuditedImage = train::ActressOnnx.Train.Audit.AuditedImage;
using AuditInput = train::ActressOnnx.Train.Audit.AuditInput;
using FeatureExtractor = train::ActressOnnx.Train.Audit.FeatureExtractor;
using ImageMeasures = train::ActressOnnx.Train.Audit.ImageMeasures;
using PretrainedPackage = train::ActressOnnx.Train.Model.Weights.PretrainedPackage;

namespace ActressOnnx.Benchmarks.Audit;

/// <summary>
/// The audit's ImageNet features two ways on the same images in the same process: TorchSharp (what audit uses) and
/// ONNX Runtime on the package's ONNX file with its input made any size and its 7x7 average pool made global.
/// Prints images per second of each (and their ratio) and how alike the two feature sets are.
/// </summary>
internal static class FeatureBackendMeasurement
{
    private const int Batch = 32;

    public static void Run(List<(int Label, SKBitmap Bitmap)> images, int size, TextWriter output)
    {
        var settings = new PreprocessSettings(size, size, ResizeMethod.Squish);
        var decoder = new ImageDecoder();
        var pixels = new byte[images.Count * settings.PixelBytes];
        for (var i = 0; i < images.Count; i++)
        {
            using var png = images[i].Bitmap.Encode(SKEncodedImageFormat.Png, 100);
            decoder.Decode(png.AsSpan(), settings, pixels.AsSpan(i * settings.PixelBytes, settings.PixelBytes));
        }

        var audited = images.Select((_, i) => new AuditedImage(i, i.ToString(CultureInfo.InvariantCulture), 0, string.Empty, 0, new ImageMeasures(0, 0, 0, 0, 0, 0))).ToList();
        var input = new AuditInput("eval", ["a"], size, pixels, audited, []);
        FeatureExtractor.Extract(new AuditInput("warm", ["a"], size, pixels, audited.Take(Batch).ToList(), []), null, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        var torch = FeatureExtractor.Extract(input, null, CancellationToken.None);
        var torchSeconds = clock.Elapsed.TotalSeconds;

        using var session = new InferenceSession(AnySizeModel(), new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount });
        OnnxFeatures(session, pixels, Math.Min(Batch, images.Count), size);
        clock.Restart();
        var onnx = OnnxFeatures(session, pixels, images.Count, size);
        var onnxSeconds = clock.Elapsed.TotalSeconds;

        var cosines = Enumerable.Range(0, images.Count).Select(i =>
        {
            double dot = 0;
            for (var k = 0; k < FeatureExtractor.FeatureCount; k++)
            {
                dot += torch[(i * FeatureExtractor.FeatureCount) + k] * onnx[(i * FeatureExtractor.FeatureCount) + k];
            }

            return dot;
        }).Order().ToArray();
        output.WriteLine(Invariant($"| {size} px | {images.Count} | {images.Count / torchSeconds:F1} | {images.Count / onnxSeconds:F1} | {torchSeconds / onnxSeconds:F2} | {cosines[0]:F4} |"));
    }

    public static void WriteHeader(TextWriter output)
    {
        output.WriteLine("| input | images | TorchSharp images/s | ONNX Runtime images/s | ONNX Runtime speed-up | lowest cosine between the two |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
    }

    /// <summary>The package's ResNet18 with a symbolic batch and size, and a global average pool.</summary>
    private static byte[] AnySizeModel()
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(PretrainedPackage.ModelPath));
        var graph = model.Graph;
        var initializers = graph.Initializer.Select(i => i.Name).ToHashSet();
        var input = graph.Input.First(i => !initializers.Contains(i.Name));
        var dims = input.Type.TensorType.Shape.Dim;
        dims[0] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
        dims[2] = new TensorShapeProto.Types.Dimension { DimParam = "height" };
        dims[3] = new TensorShapeProto.Types.Dimension { DimParam = "width" };
        foreach (var o in graph.Output)
        {
            o.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
        }

        graph.ValueInfo.Clear();
        var pool = graph.Node.Single(n => n.OpType == "AveragePool");
        pool.OpType = "GlobalAveragePool";
        pool.Attribute.Clear();
        return model.ToByteArray();
    }

    /// <summary>BGR minus the per-channel ImageNet means (what the package's preprocessing does, per channel), L2-normalised output.</summary>
    private static float[] OnnxFeatures(InferenceSession session, byte[] pixels, int count, int size)
    {
        float[] means = [103.062624f, 115.902885f, 123.151634f];
        var inputName = session.InputMetadata.Keys.First();
        var features = new float[count * FeatureExtractor.FeatureCount];
        for (var start = 0; start < count; start += Batch)
        {
            var n = Math.Min(Batch, count - start);
            var tensor = new DenseTensor<float>([n, 3, size, size]);
            var buffer = tensor.Buffer.Span;
            for (var i = 0; i < n; i++)
            {
                var rgb = pixels.AsSpan((start + i) * size * size * 3, size * size * 3);
                for (var p = 0; p < size * size; p++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        buffer[(((i * 3) + c) * size * size) + p] = rgb[(p * 3) + (2 - c)] - means[c];
                    }
                }
            }

            using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, tensor)]);
            var output = results[0].AsEnumerable<float>().ToArray();
            for (var i = 0; i < n; i++)
            {
                var row = output.AsSpan(i * FeatureExtractor.FeatureCount, FeatureExtractor.FeatureCount);
                var norm = Math.Max(1e-6f, MathF.Sqrt(row.ToArray().Sum(v => v * v)));
                for (var k = 0; k < FeatureExtractor.FeatureCount; k++)
                {
                    features[((start + i) * FeatureExtractor.FeatureCount) + k] = row[k] / norm;
                }
            }
        }

        return features;
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}

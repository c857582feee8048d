extern alias train;
using System.Diagnostics;
using System.Globalization;
using ActressOnnx.Imaging;
using SkiaSharp;
using AuditedImage = train::ActressOnnx.Train.Audit.AuditedImage;
using AuditInput = train::ActressOnnx.Train.Audit.AuditInput;
using ConfidentLearning = train::ActressOnnx.Train.Audit.ConfidentLearning;
using FeatureExtractor = train::ActressOnnx.Train.Audit.FeatureExtractor;
using ImageMeasures = train::ActressOnnx.Train.Audit.ImageMeasures;
using LinearProbe = train::ActressOnnx.Train.Audit.LinearProbe;

namespace ActressOnnx.Benchmarks.Audit;

/// <summary>
/// Labels corrupted on purpose (a share of the images given a random other class): precision and recall at k (k = the
/// number corrupted) of the audit's out-of-sample confident-learning order, against the in-sample order the cleaner
/// used (the same linear head trained on every image, ranked by loss).
/// </summary>
internal static class LabelErrorMeasurement
{
    public static void Run(List<(int Label, SKBitmap Bitmap)> images, int classCount, int size, double noise, int folds, int seed, TextWriter output)
    {
        var decoder = new ImageDecoder();
        var settings = new PreprocessSettings(size, size, ResizeMethod.Squish);
        var random = new Random(seed);
        var labels = images.Select(i => i.Label).ToArray();
        var corrupted = Enumerable.Range(0, images.Count).OrderBy(_ => random.Next()).Take((int)Math.Round(images.Count * noise)).ToHashSet();
        foreach (var i in corrupted)
        {
            labels[i] = (labels[i] + 1 + random.Next(classCount - 1)) % classCount;
        }

        var pixels = new byte[images.Count * settings.PixelBytes];
        for (var i = 0; i < images.Count; i++)
        {
            using var png = images[i].Bitmap.Encode(SKEncodedImageFormat.Png, 100);
            decoder.Decode(png.AsSpan(), settings, pixels.AsSpan(i * settings.PixelBytes, settings.PixelBytes));
        }

        var clock = Stopwatch.StartNew();
        var audited = images.Select((_, i) => new AuditedImage(i, i.ToString(CultureInfo.InvariantCulture), labels[i], string.Empty, 0, new ImageMeasures(0, 0, 0, 0, 0, 0))).ToList();
        var features = FeatureExtractor.Extract(new AuditInput("eval", [.. Enumerable.Range(0, classCount).Select(c => c.ToString(CultureInfo.InvariantCulture))], size, pixels, audited, []), null, CancellationToken.None);
        var featureSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var outOfSample = LinearProbe.OutOfSample(features, FeatureExtractor.FeatureCount, labels, classCount, folds, seed, CancellationToken.None);
        var probeSeconds = clock.Elapsed.TotalSeconds;
        var all = Enumerable.Range(0, images.Count).ToArray();
        var inSample = LinearProbe.FitPredict(features, FeatureExtractor.FeatureCount, labels, classCount, all, all, seed);

        var k = corrupted.Count;
        var suspects = ConfidentLearning.FindSuspects(outOfSample, labels, classCount);
        var accuracy = all.Count(i => ArgMax(outOfSample, i, classCount) == images[i].Label) / (double)images.Count;
        output.WriteLine(Invariant($"| {size} px | {images.Count} | {k} ({noise:P0}) | {accuracy:P1} | {Hits(suspects.Select(s => s.Index), corrupted, k)} | {suspects.Count} ({Hits(suspects.Select(s => s.Index), corrupted, suspects.Count)} hits) | {Hits(BySelfConfidence(outOfSample, labels, classCount), corrupted, k)} | {Hits(BySelfConfidence(inSample, labels, classCount), corrupted, k)} | {featureSeconds:F1} s + {probeSeconds:F1} s |"));
    }

    public static void WriteHeader(TextWriter output)
    {
        output.WriteLine("| features | images | corrupted (k) | out-of-sample accuracy vs true labels | confident learning, top k | rows flagged | out-of-sample loss order, top k | in-sample loss order, top k | time (features + k-fold heads) |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    private static IEnumerable<int> BySelfConfidence(float[] probabilities, int[] labels, int classCount) =>
        Enumerable.Range(0, labels.Length).OrderBy(i => probabilities[(i * classCount) + labels[i]]).ThenBy(i => i);

    private static string Hits(IEnumerable<int> ranked, HashSet<int> corrupted, int k)
    {
        var hits = ranked.Take(k).Count(corrupted.Contains);
        return Invariant($"{hits} = {(corrupted.Count == 0 ? 0 : 100.0 * hits / corrupted.Count):F1}%");
    }

    private static int ArgMax(float[] probabilities, int i, int classCount)
    {
        var best = 0;
        for (var j = 1; j < classCount; j++)
        {
            if (probabilities[(i * classCount) + j] > probabilities[(i * classCount) + best])
            {
                best = j;
            }
        }

        return best;
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}

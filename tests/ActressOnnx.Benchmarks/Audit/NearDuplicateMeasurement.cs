extern alias train;
using System.Globalization;
using ActressOnnx.Imaging;
using SkiaSharp;
using AuditedImage = train::ActressOnnx.Train.Audit.AuditedImage;
using AuditInput = train::ActressOnnx.Train.Audit.AuditInput;
using FeatureExtractor = train::ActressOnnx.Train.Audit.FeatureExtractor;
using ImageMeasures = train::ActressOnnx.Train.Audit.ImageMeasures;
using PerceptualHash = train::ActressOnnx.Train.Audit.PerceptualHash;

namespace ActressOnnx.Benchmarks.Audit;

/// <summary>
/// Hamming distances of perceptual hashes (and cosine similarities of ImageNet features) between each original and
/// its altered copies, against those between unrelated originals of the same class; prints recall per alteration
/// and the precision of all reported pairs in the pool of originals and copies, per threshold.
/// </summary>
internal static class NearDuplicateMeasurement
{
    private static readonly int[] Distances = [2, 4, 6, 8, 10, 12, 14];
    private static readonly double[] Cosines = [0.85, 0.90, 0.93, 0.95];

    public static void Run(string name, List<(int Label, SKBitmap Bitmap)> originals, int size, bool features, TextWriter output)
    {
        var decoder = new ImageDecoder();
        var settings = new PreprocessSettings(size, size, ResizeMethod.Squish);
        var root = new List<int>();
        var labels = new List<int>();
        var kinds = new List<string>();
        var pixels = new List<byte[]>();
        for (var o = 0; o < originals.Count; o++)
        {
            var (label, bitmap) = originals[o];
            using (var png = bitmap.Encode(SKEncodedImageFormat.Png, 100))
            {
                Add(o, label, "original", decoder.Decode(png.AsSpan(), settings));
            }

            foreach (var alteration in Alteration.Names)
            {
                Add(o, label, alteration, decoder.Decode(Alteration.Apply(bitmap, alteration), settings));
            }
        }

        var hashes = pixels.Select(p => AuditInput.Hash(p, size)).ToArray();
        float[]? vectors = null;
        if (features)
        {
            var buffer = pixels.SelectMany(p => p).ToArray();
            var images = pixels.Select((_, i) => new AuditedImage(i, i.ToString(CultureInfo.InvariantCulture), labels[i], string.Empty, hashes[i], new ImageMeasures(0, 0, 0, 0, 0, 0))).ToList();
            vectors = FeatureExtractor.Extract(new AuditInput(name, ["a"], size, buffer, images, []), null, CancellationToken.None);
        }

        output.WriteLine(Invariant($"## {name}: {originals.Count} originals x {Alteration.Names.Count} altered copies, decoded at {size}x{size}"));
        output.WriteLine();
        output.WriteLine("Recall: share of altered copies within the Hamming distance of their original");
        output.WriteLine();
        output.WriteLine("| alteration | median distance | " + string.Join(" | ", Distances.Select(d => Invariant($"<= {d}"))) + (vectors is null ? string.Empty : " | median cosine | " + string.Join(" | ", Cosines.Select(c => Invariant($"cos >= {c:F2}")))) + " |");
        output.WriteLine("|---|---:|" + string.Concat(Distances.Select(_ => "---:|")) + (vectors is null ? string.Empty : "---:|" + string.Concat(Cosines.Select(_ => "---:|"))));
        for (var a = 0; a < Alteration.Names.Count; a++)
        {
            var copies = Enumerable.Range(0, pixels.Count).Where(i => kinds[i] == Alteration.Names[a]).ToArray();
            var distances = copies.Select(i => PerceptualHash.Distance(hashes[i], hashes[Original(i)])).ToArray();
            var line = Invariant($"| {Alteration.Names[a]} | {Median(distances.Select(d => (double)d)):F0} | ") + string.Join(" | ", Distances.Select(t => Percent(distances.Count(d => d <= t), distances.Length)));
            if (vectors is not null)
            {
                var cosines = copies.Select(i => Cosine(vectors, i, Original(i))).ToArray();
                line += Invariant($" | {Median(cosines):F3} | ") + string.Join(" | ", Cosines.Select(c => Percent(cosines.Count(x => x >= c), cosines.Length)));
            }

            output.WriteLine(line + " |");
        }

        output.WriteLine();
        output.WriteLine("Pairs reported in the whole pool (originals and copies): related = copies of the same original");
        output.WriteLine();
        output.WriteLine("| rule | pairs reported | unrelated | precision | copies grouped with their original |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var t in Distances)
        {
            Pool($"hash <= {t}", (i, j) => PerceptualHash.Distance(hashes[i], hashes[j]) <= t);
        }

        if (vectors is not null)
        {
            foreach (var c in Cosines)
            {
                Pool(Invariant($"cos >= {c:F2}"), (i, j) => Cosine(vectors, i, j) >= c);
            }

            foreach (var t in new[] { 2, 4, 6, 8 })
            {
                foreach (var c in new[] { 0.90, 0.93, 0.95 })
                {
                    Pool(Invariant($"hash <= {t} or (hash <= 16 and cos >= {c:F2})"), (i, j) =>
                    {
                        var d = PerceptualHash.Distance(hashes[i], hashes[j]);
                        return d <= t || (d <= 16 && Cosine(vectors, i, j) >= c);
                    });
                }
            }
        }

        output.WriteLine();
        output.WriteLine("Originals (all unrelated) that some rule pairs with another original: the share a clean set would get flagged");
        output.WriteLine();
        var originalIndices = Enumerable.Range(0, pixels.Count).Where(i => kinds[i] == "original").ToArray();
        foreach (var t in Distances)
        {
            foreach (var c in vectors is null ? [2.0] : new[] { 2.0, 0.90, 0.93, 0.95 })
            {
                var flagged = originalIndices.Count(i => originalIndices.Any(j => j != i && (PerceptualHash.Distance(hashes[i], hashes[j]) <= t
                    || (c <= 1 && PerceptualHash.Distance(hashes[i], hashes[j]) <= 16 && Cosine(vectors!, i, j) >= c))));
                output.WriteLine(Invariant($"- hash <= {t}{(c <= 1 ? $" or (hash <= 16 and cos >= {c:F2})" : string.Empty)}: {Percent(flagged, originalIndices.Length)}"));
            }
        }

        output.WriteLine();

        void Add(int o, int label, string kind, byte[] rgb)
        {
            root.Add(o);
            labels.Add(label);
            kinds.Add(kind);
            pixels.Add(rgb);
        }

        int Original(int i) => i - Alteration.Names.ToList().IndexOf(kinds[i]) - 1;

        void Pool(string rule, Func<int, int, bool> reported)
        {
            long pairs = 0;
            long unrelated = 0;
            var parent = Enumerable.Range(0, pixels.Count).ToArray();
            for (var i = 0; i < pixels.Count; i++)
            {
                for (var j = i + 1; j < pixels.Count; j++)
                {
                    if (reported(i, j))
                    {
                        pairs++;
                        if (root[i] != root[j])
                        {
                            unrelated++;
                        }

                        Union(parent, i, j);
                    }
                }
            }

            var copies = Enumerable.Range(0, pixels.Count).Where(i => kinds[i] != "original").ToArray();
            var grouped = copies.Count(i => Find(parent, i) == Find(parent, Original(i)));
            output.WriteLine(Invariant($"| {rule} | {pairs} | {unrelated} | {(pairs == 0 ? "-" : Percent(pairs - unrelated, pairs))} | {Percent(grouped, copies.Length)} |"));
        }
    }

    private static double Cosine(float[] vectors, int i, int j) => FeatureExtractor.Cosine(vectors, i, j);

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static void Union(int[] parent, int a, int b)
    {
        var (ra, rb) = (Find(parent, a), Find(parent, b));
        if (ra != rb)
        {
            parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Percent(long part, long whole) => whole == 0 ? "-" : Invariant($"{100.0 * part / whole:F1}%");

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}

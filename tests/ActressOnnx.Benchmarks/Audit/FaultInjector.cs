extern alias train;
using System.Globalization;
using System.Text.Json;
using SkiaSharp;
using FashionMnist = train::ActressOnnx.Train.Data.FashionMnist;

namespace ActressOnnx.Benchmarks.Audit;

/// <summary>
/// Writes a folder-per-class dataset with known faults and the list of them (<c>DIR.truth.jsonl</c>): images in the
/// wrong class folder, exact and altered copies, blank, dark and tiny images. With no faults it is the clean set.
/// </summary>
internal static class FaultInjector
{
    public sealed record Fault(string Path, string Kind, string? Original = null, string? Detail = null);

    public static string TruthPath(string directory) => Path.GetFullPath(directory).TrimEnd('/') + ".truth.jsonl";

    /// <param name="labelNoise">Share of the originals written to a random other class folder.</param>
    public static IReadOnlyList<Fault> Write(string directory, List<(int Label, SKBitmap Bitmap)> originals, IReadOnlyList<string> classNames, bool faults, double labelNoise, int seed)
    {
        if (Directory.Exists(directory))
        {
            throw new IOException($"'{directory}' exists; pass a new folder.");
        }

        var random = new Random(seed);
        var truth = new List<Fault>();
        var written = new List<(string Path, int Label, SKBitmap Bitmap)>();
        var classCount = classNames.Count;
        var wrong = faults ? originals.Select((_, i) => i).OrderBy(_ => random.Next()).Take((int)Math.Round(originals.Count * labelNoise)).ToHashSet() : [];
        for (var i = 0; i < originals.Count; i++)
        {
            var (label, bitmap) = originals[i];
            var folder = label;
            if (wrong.Contains(i))
            {
                folder = (label + 1 + random.Next(classCount - 1)) % classCount;
            }

            var path = Save(directory, classNames[folder], Invariant($"{i:D5}.png"), Png(bitmap));
            if (folder != label)
            {
                truth.Add(new Fault(path, "label", Detail: classNames[label]));
            }

            written.Add((path, folder, bitmap));
        }

        if (faults)
        {
            var n = 0;
            foreach (var alteration in Alteration.Names.Prepend("exact").Concat(Alteration.Names).Prepend("exact"))
            {
                var (path, label, bitmap) = written[random.Next(written.Count)];
                var bytes = alteration == "exact" ? File.ReadAllBytes(Path.Combine(directory, path)) : Alteration.Apply(bitmap, alteration);
                var copy = Save(directory, classNames[label], Invariant($"copy-{n++:D3}-{alteration}{(alteration == "exact" ? ".png" : ".jpg")}"), bytes);
                truth.Add(new Fault(copy, alteration == "exact" ? "exact-copy" : "altered-copy", path, alteration));
            }

            for (var k = 0; k < 5; k++)
            {
                var (_, label, bitmap) = written[random.Next(written.Count)];
                var blank = new SKBitmap(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
                blank.Erase(new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
                truth.Add(new Fault(Save(directory, classNames[label], Invariant($"blank-{k}.png"), Png(blank)), "blank"));
                // Dark and tiny versions are of a kept image, so grouping them with it is right, not a false pair.
                var (source, darkLabel, darkBitmap) = written[random.Next(written.Count)];
                truth.Add(new Fault(Save(directory, classNames[darkLabel], Invariant($"dark-{k}.png"), Png(Darken(darkBitmap, 0.12f))), "dark", source));
                (source, label, bitmap) = written[random.Next(written.Count)];
                var side = Math.Max(4, Math.Min(bitmap.Width, bitmap.Height) / 4);
                truth.Add(new Fault(Save(directory, classNames[label], Invariant($"tiny-{k}.png"), Png(Alteration.Resize(bitmap, side, side))), "tiny", source));
            }
        }

        File.WriteAllLines(TruthPath(directory), truth.Select(f => JsonSerializer.Serialize(f)));
        return truth;
    }

    public static IReadOnlyList<string> FashionMnistFolders { get; } = [.. FashionMnist.ClassNames.Select(FashionMnist.FolderName)];

    private static string Save(string directory, string label, string name, byte[] bytes)
    {
        Directory.CreateDirectory(Path.Combine(directory, label));
        File.WriteAllBytes(Path.Combine(directory, label, name), bytes);
        return label + "/" + name;
    }

    private static byte[] Png(SKBitmap bitmap)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static SKBitmap Darken(SKBitmap source, float factor)
    {
        var result = new SKBitmap(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(result);
        using var paint = new SKPaint { ColorFilter = SKColorFilter.CreateColorMatrix([factor, 0, 0, 0, 0, 0, factor, 0, 0, 0, 0, 0, factor, 0, 0, 0, 0, 0, 1, 0]) };
        canvas.DrawBitmap(source, 0, 0, paint);
        return result;
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}

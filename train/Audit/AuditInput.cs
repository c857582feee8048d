using System.Security.Cryptography;
using ActressOnnx.Imaging;
using ActressOnnx.Train.Data;

namespace ActressOnnx.Train.Audit;

/// <summary>
/// A dataset read once for the audit: each file hashed (SHA-256), identified (displayed size) and decoded a single
/// time, squished to <see cref="Size"/> squared, which every check then shares (hash, statistics, features, thumbnails).
/// </summary>
internal sealed class AuditInput
{
    private readonly byte[] pixels;

    /// <summary>Images already decoded at <paramref name="size"/> squared, in order in <paramref name="pixels"/> (evaluation and tests).</summary>
    internal AuditInput(string root, IReadOnlyList<string> labels, int size, byte[] pixels, IReadOnlyList<AuditedImage> images, IReadOnlyList<SkippedImage> skipped)
    {
        Root = root;
        Labels = labels;
        Size = size;
        this.pixels = pixels;
        Images = images;
        Skipped = skipped;
    }

    public string Root { get; }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>Side of the square every image was decoded to.</summary>
    public int Size { get; }

    public int PixelBytes => Size * Size * 3;

    /// <summary>The images that decoded, in dataset order.</summary>
    public IReadOnlyList<AuditedImage> Images { get; }

    /// <summary>Files that did not decode (not audited; <c>verify</c> quarantines them).</summary>
    public IReadOnlyList<SkippedImage> Skipped { get; }

    /// <summary>The squished RGB bytes of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> GetPixels(int index) => pixels.AsSpan(index * PixelBytes, PixelBytes);

    /// <summary>Scans and decodes the folder-per-class dataset at <paramref name="root"/>.</summary>
    /// <exception cref="DatasetException">Not a dataset folder, or nothing in it decodes.</exception>
    public static AuditInput Load(string root, int size, ImageDecoder decoder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, PerceptualHash.Size);
        var folder = ImageFolder.Scan(root);
        var settings = new PreprocessSettings(size, size, ResizeMethod.Squish);
        var pixelBytes = settings.PixelBytes;
        if ((long)folder.Files.Count * pixelBytes > Array.MaxLength)
        {
            throw new DatasetException($"{folder.Files.Count} images at {size}x{size} do not fit one buffer; pass a smaller --size.");
        }

        var buffer = GC.AllocateUninitializedArray<byte>(folder.Files.Count * pixelBytes);
        var results = new (string Sha, ImageInfo Info)?[folder.Files.Count];
        var failures = new string?[folder.Files.Count];
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, folder.Files.Count, options, i =>
        {
            try
            {
                var data = File.ReadAllBytes(folder.Files[i].Path);
                var info = decoder.Identify(data);
                decoder.Decode(data, settings, buffer.AsSpan(i * pixelBytes, pixelBytes));
                results[i] = (Convert.ToHexStringLower(SHA256.HashData(data)), info);
            }
            catch (Exception ex) when (ex is ImageDecodeException or IOException or UnauthorizedAccessException)
            {
                failures[i] = ex.Message;
            }
        });

        var images = new List<AuditedImage>(folder.Files.Count);
        var skipped = new List<SkippedImage>();
        for (var i = 0; i < folder.Files.Count; i++)
        {
            var file = folder.Files[i];
            if (results[i] is not { } result)
            {
                skipped.Add(new SkippedImage(file.Path, failures[i] ?? "did not decode"));
                continue;
            }

            var target = images.Count;
            if (target != i)
            {
                buffer.AsSpan(i * pixelBytes, pixelBytes).CopyTo(buffer.AsSpan(target * pixelBytes, pixelBytes));
            }

            var rgb = buffer.AsSpan(target * pixelBytes, pixelBytes);
            images.Add(new AuditedImage(target, RelativePath(folder.Root, file.Path), file.Label, result.Sha, Hash(rgb, size), ImageMeasures.Compute(rgb, size, result.Info.Width, result.Info.Height)));
        }

        if (images.Count == 0)
        {
            throw new DatasetException($"None of the {folder.Files.Count} files in '{root}' decodes; run 'actressonnx verify --data {root}' to see why.");
        }

        return new AuditInput(folder.Root, folder.Labels, size, buffer, images, skipped);
    }

    /// <summary>The perceptual hash of squished RGB bytes of <paramref name="size"/> squared.</summary>
    public static ulong Hash(ReadOnlySpan<byte> rgb, int size) =>
        PerceptualHash.Compute(GrayImage.Downscale(GrayImage.FromRgb(rgb, size, size), size, size, PerceptualHash.Size, PerceptualHash.Size));

    /// <summary>The form <c>issues.jsonl</c> names files in: relative to the dataset, '/'-separated.</summary>
    public static string RelativePath(string root, string path) => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
}

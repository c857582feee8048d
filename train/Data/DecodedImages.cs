using ActressOnnx.Imaging;

namespace ActressOnnx.Train.Data;

/// <summary>
/// Every usable image of a dataset decoded once to RGB bytes at one size and kept in a single contiguous, pinned
/// buffer (image <c>i</c> occupies bytes <c>[i * PixelBytes, (i + 1) * PixelBytes)</c>), so epochs never re-decode.
/// </summary>
internal sealed class DecodedImages
{
    private readonly byte[] pixels;
    private readonly int[] targets;

    public DecodedImages(
        IReadOnlyList<string> labels,
        PreprocessSettings settings,
        byte[] pixels,
        int[] targets,
        IReadOnlyList<string> paths,
        IReadOnlyList<SkippedImage> skipped)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(skipped);
        if (pixels.LongLength < (long)targets.Length * settings.PixelBytes || paths.Count != targets.Length)
        {
            throw new ArgumentException("The pixel buffer and path list must hold one entry per target.", nameof(pixels));
        }

        Labels = labels;
        Settings = settings;
        this.pixels = pixels;
        this.targets = targets;
        Paths = paths;
        Skipped = skipped;
    }

    /// <summary>Class names; a target is an index into this list.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The size and resize method every image was decoded with.</summary>
    public PreprocessSettings Settings { get; }

    public int Count => targets.Length;

    /// <summary>The class index of each image.</summary>
    public IReadOnlyList<int> Targets => targets;

    /// <summary>The source file of each image.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>Files that were left out, with the reason.</summary>
    public IReadOnlyList<SkippedImage> Skipped { get; }

    /// <summary>The <c>Height x Width x 3</c> RGB bytes of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> GetPixels(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return pixels.AsSpan(index * Settings.PixelBytes, Settings.PixelBytes);
    }

    /// <summary>How many images each class has, in label order.</summary>
    public int[] CountPerClass(IEnumerable<int>? indices = null)
    {
        var counts = new int[Labels.Count];
        foreach (var index in indices ?? Enumerable.Range(0, Count))
        {
            counts[targets[index]]++;
        }

        return counts;
    }
}

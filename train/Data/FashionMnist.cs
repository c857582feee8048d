using SkiaSharp;
using ActressOnnx.Train.IO;

namespace ActressOnnx.Train.Data;

/// <summary>
/// Writes classes of Fashion-MNIST out as PNG files in class folders: a small, real, freely available dataset
/// whose "T-shirt/top" and "Shirt" classes are look-alikes, like the two actresses this tool is named after.
/// </summary>
internal static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package puts the files.</summary>
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Class names in label order, as the dataset defines them.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Folder-safe name of a class: lower case, '/' and spaces replaced by '-'; "T-shirt/top" becomes "t-shirt-top".</summary>
    public static string FolderName(string className) => className.ToLowerInvariant().Replace('/', '-').Replace(' ', '-');

    /// <summary>Finds a class by its name or folder name, case-insensitively.</summary>
    public static int ClassIndex(string name)
    {
        for (var i = 0; i < ClassNames.Count; i++)
        {
            if (string.Equals(ClassNames[i], name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(FolderName(ClassNames[i]), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new ArgumentException($"'{name}' is not a Fashion-MNIST class; use one of: {string.Join(", ", ClassNames.Select(FolderName))}.", nameof(name));
    }

    /// <summary>
    /// Writes the first <paramref name="perClass"/> images of each class in <paramref name="classIndices"/> from the
    /// <paramref name="split"/> ("train" or "t10k") files in <paramref name="sourceDirectory"/> to
    /// <c>output/&lt;folder name&gt;/&lt;split&gt;-&lt;index&gt;.png</c>. Existing files are left as they are.
    /// </summary>
    /// <returns>The number of images per class actually written or found.</returns>
    public static IReadOnlyDictionary<string, int> WriteImages(
        string sourceDirectory, string split, IReadOnlyList<int> classIndices, int perClass, string output, CancellationToken cancellationToken)
    {
        var images = FindFile(sourceDirectory, $"{split}-images-idx3-ubyte");
        var labels = FindFile(sourceDirectory, $"{split}-labels-idx1-ubyte");
        var (imageDims, pixels) = IdxReader.ReadBytes(images);
        var (labelDims, labelData) = IdxReader.ReadBytes(labels);
        if (imageDims.Length != 3 || labelDims.Length != 1 || imageDims[0] != labelDims[0])
        {
            throw new InvalidDataException($"'{images}' and '{labels}' do not describe the same set of images.");
        }

        var (height, width) = (imageDims[1], imageDims[2]);
        var counts = classIndices.ToDictionary(FolderNameOf, _ => 0);
        foreach (var index in classIndices)
        {
            Directory.CreateDirectory(Path.Combine(output, FolderNameOf(index)));
        }

        for (var n = 0; n < labelData.Length; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int label = labelData[n];
            if (!classIndices.Contains(label) || counts[FolderNameOf(label)] >= perClass)
            {
                continue;
            }

            var path = Path.Combine(output, FolderNameOf(label), $"{split}-{n:D5}.png");
            if (!File.Exists(path))
            {
                WritePng(path, pixels.AsSpan(n * height * width, height * width), width, height);
            }

            counts[FolderNameOf(label)]++;
        }

        return counts;
    }

    private static string FolderNameOf(int index) => FolderName(ClassNames[index]);

    private static string FindFile(string directory, string stem)
    {
        foreach (var candidate in new[] { stem + ".gz", stem, stem.Replace("-idx", ".idx", StringComparison.Ordinal) })
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException(
            $"Fashion-MNIST file '{stem}.gz' not found in '{directory}'. Install it with 'apt-get install dataset-fashion-mnist' or download the dataset's four .gz files there.");
    }

    private static void WritePng(string path, ReadOnlySpan<byte> gray, int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        gray.CopyTo(bitmap.GetPixelSpan());
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, data.AsSpan());
    }
}

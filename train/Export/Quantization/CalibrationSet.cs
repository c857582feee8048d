using ActressOnnx.Imaging;
using ActressOnnx.Train.Data;

namespace ActressOnnx.Train.Export.Quantization;

/// <summary>
/// Calibration images decoded exactly as the service decodes requests (the shared <see cref="ImageDecoder"/> with the
/// model's preprocessing), so the measured ranges are the ones serving sees.
/// </summary>
internal sealed class CalibrationSet
{
    private CalibrationSet(string folder, IReadOnlyList<byte[]> images, IReadOnlyList<string> skipped)
    {
        Folder = folder;
        Images = images;
        Skipped = skipped;
    }

    public string Folder { get; }

    /// <summary>Decoded images, <see cref="PreprocessSettings.PixelBytes"/> each.</summary>
    public IReadOnlyList<byte[]> Images { get; }

    /// <summary>Files that did not decode (left where they are).</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>
    /// Reads up to <paramref name="maxImages"/> images from <paramref name="folder"/> (a folder-per-class set; any image
    /// below it counts), taking the classes in turn so every class is represented when the limit cuts.
    /// </summary>
    /// <exception cref="QuantizationException">The folder is missing or holds no decodable image.</exception>
    public static CalibrationSet Load(string folder, PreprocessSettings preprocess, int maxImages, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(preprocess);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxImages, 1);
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new QuantizationException($"Calibration folder '{folder}' does not exist; pass a folder-per-class set of images like those the model will see (e.g. the validation images).");
        }

        var decoder = new ImageDecoder();
        var images = new List<byte[]>();
        var skipped = new List<string>();
        foreach (var path in InterleavedByClass(root))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (images.Count == maxImages)
            {
                break;
            }

            try
            {
                images.Add(decoder.Decode(File.ReadAllBytes(path), preprocess));
            }
            catch (ImageDecodeException)
            {
                skipped.Add(path);
            }
        }

        if (images.Count == 0)
        {
            var what = skipped.Count == 0
                ? $"holds no images ({string.Join(' ', ImageFileExtensions.All)})"
                : $"holds {skipped.Count} image file(s) but none decodes";
            throw new QuantizationException($"Calibration folder '{folder}' {what}; INT8 export needs images like those the model will see. Pass --calibration with a folder-per-class set (e.g. the validation images).");
        }

        return new CalibrationSet(root, images, skipped);
    }

    // Class folders in ordinal order, then the i-th image of each class in turn; images directly in the root form one more group.
    private static IEnumerable<string> InterleavedByClass(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        var groups = Directory.EnumerateFiles(root, "*", options)
            .Where(ImageFileExtensions.IsImage)
            .Where(path => !Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar).Any(segment => segment.StartsWith('.')))
            .GroupBy(path => Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar) is { Length: > 1 } parts ? parts[0] : "")
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => group.Order(StringComparer.Ordinal).ToList())
            .ToList();
        for (var i = 0; groups.Any(group => i < group.Count); i++)
        {
            foreach (var group in groups.Where(group => i < group.Count))
            {
                yield return group[i];
            }
        }
    }
}

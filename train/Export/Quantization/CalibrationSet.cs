using ActressOnnx.Imaging;
using ActressOnnx.Train.Data;

namespace ActressOnnx.Train.Export.Quantization;

/// <summary>
/// Calibration images decoded exactly as the service decodes requests (the shared <see cref="ImageDecoder"/> with the
/// model's preprocessing), so the measured ranges are the ones serving sees.
/// </summary>
internal sealed class CalibrationSet
{
    private CalibrationSet(string source, IReadOnlyList<byte[]> images, IReadOnlyList<string> skipped)
    {
        Source = source;
        Images = images;
        Skipped = skipped;
    }

    /// <summary>Where the images came from: the calibration folder, or the predictions file that listed them.</summary>
    public string Source { get; }

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

        var (images, skipped) = Decode(InterleavedByClass(root), preprocess, maxImages, cancellationToken);
        if (images.Count == 0)
        {
            var what = skipped.Count == 0
                ? $"holds no images ({string.Join(' ', ImageFileExtensions.All)})"
                : $"holds {skipped.Count} image file(s) but none decodes";
            throw new QuantizationException($"Calibration folder '{folder}' {what}; INT8 export needs images like those the model will see. Pass --calibration with a folder-per-class set (e.g. the validation images).");
        }

        return new CalibrationSet(root, images, skipped);
    }

    /// <summary>
    /// Reads up to <paramref name="maxImages"/> of <paramref name="files"/>, in their order (put the classes in turn
    /// first, as <see cref="ReportCalibrationFiles"/> does); <paramref name="source"/> names where the list came from.
    /// </summary>
    /// <exception cref="QuantizationException">None of the files decodes.</exception>
    public static CalibrationSet Load(string source, IReadOnlyList<string> files, PreprocessSettings preprocess, int maxImages, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(preprocess);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxImages, 1);
        var (images, skipped) = Decode(files, preprocess, maxImages, cancellationToken);
        if (images.Count == 0)
        {
            throw new QuantizationException($"None of the {files.Count} calibration images listed in '{source}' decodes; pass --calibration DIR with a folder-per-class set of images like those the model will see.");
        }

        return new CalibrationSet(source, images, skipped);
    }

    private static (List<byte[]> Images, List<string> Skipped) Decode(IEnumerable<string> paths, PreprocessSettings preprocess, int maxImages, CancellationToken cancellationToken)
    {
        var decoder = new ImageDecoder();
        var images = new List<byte[]>();
        var skipped = new List<string>();
        foreach (var path in paths)
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

        return (images, skipped);
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
        return InTurn(groups);
    }

    /// <summary>The first item of each group, then the second of each, and so on.</summary>
    internal static IEnumerable<string> InTurn(IReadOnlyList<IReadOnlyList<string>> groups)
    {
        for (var i = 0; groups.Any(group => i < group.Count); i++)
        {
            foreach (var group in groups.Where(group => i < group.Count))
            {
                yield return group[i];
            }
        }
    }
}

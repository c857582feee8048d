using ActressOnnx.Imaging;

namespace ActressOnnx.Train.Data;

/// <summary>Decodes a whole <see cref="ImageFolder"/> in parallel into an in-memory <see cref="DecodedImages"/> cache.</summary>
internal static class DatasetDecoder
{
    /// <summary>
    /// Reads and decodes every file with <paramref name="decoder"/> at <paramref name="settings"/>. A file that cannot
    /// be read or decoded is left out and listed in <see cref="DecodedImages.Skipped"/>.
    /// </summary>
    /// <exception cref="DatasetException">Nothing (or nothing of some class) decodes, or the cache would be too large.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static DecodedImages Decode(
        ImageFolder folder,
        PreprocessSettings settings,
        ImageDecoder decoder,
        CancellationToken cancellationToken,
        int maxParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(decoder);
        settings.Validate();

        var files = folder.Files;
        var pixelBytes = settings.PixelBytes;
        var totalBytes = (long)files.Count * pixelBytes;
        if (totalBytes > Array.MaxLength)
        {
            throw new DatasetException(
                $"{files.Count} images of {settings.Width}x{settings.Height} need {totalBytes / (1024 * 1024)} MiB, more than one in-memory cache can hold. " +
                "Use a smaller input size or fewer images.");
        }

        var pixels = GC.AllocateUninitializedArray<byte>((int)totalBytes, pinned: true);
        var failures = new string?[files.Count];
        var parallelOptions = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount,
        };
        Parallel.For(0, files.Count, parallelOptions, i =>
            failures[i] = TryDecode(files[i].Path, decoder, settings, pixels.AsSpan(i * pixelBytes, pixelBytes)));

        return Compact(folder, settings, pixels, failures);
    }

    /// <summary>
    /// Decodes the images of <paramref name="images"/> again at <paramref name="settings"/> (e.g. larger, for random
    /// crops), keeping their order, labels and paths, so an index means the same image in both caches.
    /// </summary>
    /// <exception cref="DatasetException">A file that decoded before no longer does, or the cache would be too large.</exception>
    public static DecodedImages DecodeAgain(
        DecodedImages images,
        PreprocessSettings settings,
        ImageDecoder decoder,
        CancellationToken cancellationToken,
        int maxParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(decoder);
        settings.Validate();
        var pixelBytes = settings.PixelBytes;
        var totalBytes = (long)images.Count * pixelBytes;
        if (totalBytes > Array.MaxLength)
        {
            throw new DatasetException(
                $"{images.Count} images of {settings.Width}x{settings.Height} need {totalBytes / (1024 * 1024)} MiB, more than one in-memory cache can hold. " +
                "Use a smaller input size, fewer images or --no-augment.");
        }

        var pixels = GC.AllocateUninitializedArray<byte>((int)totalBytes, pinned: true);
        var failures = new string?[images.Count];
        var parallelOptions = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount,
        };
        Parallel.For(0, images.Count, parallelOptions, i =>
            failures[i] = TryDecode(images.Paths[i], decoder, settings, pixels.AsSpan(i * pixelBytes, pixelBytes)));
        var failed = Array.FindIndex(failures, failure => failure is not null);
        if (failed >= 0)
        {
            throw new DatasetException($"'{images.Paths[failed]}' changed while training started ({failures[failed]}); run train again.");
        }

        return new DecodedImages(images.Labels, settings, pixels, [.. images.Targets], images.Paths, images.Skipped);
    }

    private static string? TryDecode(string path, ImageDecoder decoder, PreprocessSettings settings, Span<byte> destination)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "cannot be read: " + ex.Message;
        }

        try
        {
            decoder.Decode(data, settings, destination);
            return null;
        }
        catch (ImageDecodeException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Moves the decoded images together (keeping dataset order) and records the failures.</summary>
    private static DecodedImages Compact(ImageFolder folder, PreprocessSettings settings, byte[] pixels, string?[] failures)
    {
        var pixelBytes = settings.PixelBytes;
        var targets = new List<int>(failures.Length);
        var paths = new List<string>(failures.Length);
        var skipped = new List<SkippedImage>();
        for (var i = 0; i < failures.Length; i++)
        {
            var file = folder.Files[i];
            if (failures[i] is { } reason)
            {
                skipped.Add(new SkippedImage(file.Path, reason));
                continue;
            }

            if (targets.Count != i)
            {
                pixels.AsSpan(i * pixelBytes, pixelBytes).CopyTo(pixels.AsSpan(targets.Count * pixelBytes, pixelBytes));
            }

            targets.Add(file.Label);
            paths.Add(file.Path);
        }

        if (targets.Count == 0)
        {
            throw new DatasetException(
                $"None of the {failures.Length} images in '{folder.Root}' could be decoded (first error: {skipped[0].Path}: {skipped[0].Reason}). " +
                "Check that the files are intact JPEG, PNG, WebP, GIF or BMP images.");
        }

        var decoded = new DecodedImages(folder.Labels, settings, pixels, [.. targets], paths, skipped);
        var counts = decoded.CountPerClass();
        var emptyClass = Array.IndexOf(counts, 0);
        if (emptyClass >= 0)
        {
            throw new DatasetException(
                $"No image of class '{folder.Labels[emptyClass]}' could be decoded. Replace its files with intact images or remove the class folder.");
        }

        return decoded;
    }
}

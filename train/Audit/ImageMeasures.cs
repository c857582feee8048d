namespace ActressOnnx.Train.Audit;

/// <summary>The simple statistics the quality checks compare across a dataset, for one image.</summary>
/// <param name="BrightEnd">99th percentile of perceived brightness (0..1): low when even the brightest parts are dark.</param>
/// <param name="DarkEnd">5th percentile of perceived brightness (0..1): high when even the darkest parts are light.</param>
/// <param name="Entropy">Shannon entropy of the 256-level grey histogram, in bits (0..8): low for blank images.</param>
/// <param name="Sharpness">log10 of the variance of the grey Laplacian (plus 1e-6): low for blurry images.</param>
/// <param name="Side">Square root of the displayed pixel count of the file, in pixels.</param>
/// <param name="LogAspect">Natural log of width / height.</param>
internal sealed record ImageMeasures(double BrightEnd, double DarkEnd, double Entropy, double Sharpness, double Side, double LogAspect)
{
    /// <summary>Measures <paramref name="rgb"/> (<paramref name="size"/> squared, the whole image squished) of a file of <paramref name="width"/>x<paramref name="height"/>.</summary>
    public static ImageMeasures Compute(ReadOnlySpan<byte> rgb, int size, int width, int height)
    {
        var pixels = size * size;
        Span<int> brightness = stackalloc int[256];
        Span<int> grey = stackalloc int[256];
        for (var p = 0; p < pixels * 3; p += 3)
        {
            // Perceived brightness (HSP colour model), as CleanVision measures it.
            var r = rgb[p];
            var g = rgb[p + 1];
            var b = rgb[p + 2];
            var perceived = Math.Sqrt((0.241 * r * r) + (0.691 * g * g) + (0.068 * b * b));
            brightness[Math.Min(255, (int)Math.Round(perceived))]++;
            grey[Math.Min(255, (int)Math.Round((0.299 * r) + (0.587 * g) + (0.114 * b)))]++;
        }

        var entropy = 0.0;
        foreach (var count in grey)
        {
            if (count > 0)
            {
                var share = (double)count / pixels;
                entropy -= share * Math.Log2(share);
            }
        }

        return new ImageMeasures(
            Percentile(brightness, pixels, 0.99) / 255.0,
            Percentile(brightness, pixels, 0.05) / 255.0,
            entropy,
            Math.Log10(LaplacianVariance(GrayImage.FromRgb(rgb, size, size), size) + 1e-6),
            Math.Sqrt((double)width * height),
            Math.Log((double)width / height));
    }

    private static int Percentile(ReadOnlySpan<int> histogram, int total, double fraction)
    {
        var wanted = (long)Math.Ceiling(fraction * total);
        long seen = 0;
        for (var level = 0; level < histogram.Length; level++)
        {
            seen += histogram[level];
            if (seen >= wanted)
            {
                return level;
            }
        }

        return histogram.Length - 1;
    }

    private static double LaplacianVariance(float[] gray, int size)
    {
        double sum = 0;
        double squares = 0;
        var count = 0;
        for (var y = 1; y < size - 1; y++)
        {
            for (var x = 1; x < size - 1; x++)
            {
                var i = (y * size) + x;
                double laplacian = gray[i - 1] + gray[i + 1] + gray[i - size] + gray[i + size] - (4 * gray[i]);
                sum += laplacian;
                squares += laplacian * laplacian;
                count++;
            }
        }

        var mean = sum / count;
        return Math.Max(0, (squares / count) - (mean * mean));
    }
}

namespace ActressOnnx.Train.Audit;

/// <summary>Grey levels (0..1, Rec. 601 luma) of packed RGB bytes, and an area-average downscale of them.</summary>
internal static class GrayImage
{
    public static float[] FromRgb(ReadOnlySpan<byte> rgb, int width, int height)
    {
        if (rgb.Length != checked(width * height * 3))
        {
            throw new ArgumentException($"Expected {width}x{height}x3 bytes, got {rgb.Length}.", nameof(rgb));
        }

        var gray = new float[width * height];
        for (int i = 0, p = 0; i < gray.Length; i++, p += 3)
        {
            gray[i] = ((0.299f * rgb[p]) + (0.587f * rgb[p + 1]) + (0.114f * rgb[p + 2])) / 255f;
        }

        return gray;
    }

    /// <summary>Each target pixel is the mean of the source pixels its area covers (whole pixels, ranges may overlap by one).</summary>
    public static float[] Downscale(ReadOnlySpan<float> gray, int width, int height, int targetWidth, int targetHeight)
    {
        if (targetWidth > width || targetHeight > height)
        {
            throw new ArgumentException($"Cannot downscale {width}x{height} to the larger {targetWidth}x{targetHeight}.");
        }

        var result = new float[targetWidth * targetHeight];
        for (var ty = 0; ty < targetHeight; ty++)
        {
            var y0 = ty * height / targetHeight;
            var y1 = Math.Max(y0 + 1, (((ty + 1) * height) + targetHeight - 1) / targetHeight);
            for (var tx = 0; tx < targetWidth; tx++)
            {
                var x0 = tx * width / targetWidth;
                var x1 = Math.Max(x0 + 1, (((tx + 1) * width) + targetWidth - 1) / targetWidth);
                double sum = 0;
                for (var y = y0; y < y1; y++)
                {
                    for (var x = x0; x < x1; x++)
                    {
                        sum += gray[(y * width) + x];
                    }
                }

                result[(ty * targetWidth) + tx] = (float)(sum / ((y1 - y0) * (x1 - x0)));
            }
        }

        return result;
    }
}

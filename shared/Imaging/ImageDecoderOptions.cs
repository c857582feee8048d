namespace ActressOnnx.Imaging;

/// <summary>Limits and defaults for <see cref="ImageDecoder"/>.</summary>
public sealed class ImageDecoderOptions
{
    /// <summary>Images whose header declares more pixels than this are refused before decoding (default 50 megapixels).</summary>
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>The colour transparent pixels are composited onto, and pad borders are filled with, as 0xRRGGBB (default white).</summary>
    public uint BackgroundRgb { get; set; } = 0xFFFFFF;

    /// <summary>
    /// Decode large JPEGs at 1/2, 1/4 or 1/8 scale when the target still gets at least one source pixel per
    /// target pixel (default true): several times faster, nearly identical pixels. Trainer and service must agree.
    /// </summary>
    public bool ReducedScaleJpeg { get; set; } = true;
}

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

    /// <summary>
    /// Decode the pixels of JPEGs read at a reduced scale (big photos) with libvips, whose libjpeg-turbo uses SIMD
    /// (default true): faster than SkiaSharp's Linux build, which has none; same pixels within rounding. Orientation
    /// and resizing are unchanged; JPEGs libvips does not take (CMYK, damaged data) and platforms without libvips
    /// fall back to SkiaSharp.
    /// </summary>
    public bool LibvipsJpeg { get; set; } = true;
}

namespace ActressOnnx.Imaging;

/// <summary>Image container formats the decoder accepts, recognised from the file's leading bytes.</summary>
public enum ImageFormat
{
    /// <summary>JPEG (JFIF / EXIF).</summary>
    Jpeg,

    /// <summary>PNG.</summary>
    Png,

    /// <summary>WebP (lossy or lossless).</summary>
    Webp,

    /// <summary>GIF; only the first frame is used.</summary>
    Gif,

    /// <summary>Windows bitmap.</summary>
    Bmp,
}

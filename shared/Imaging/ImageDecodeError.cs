namespace ActressOnnx.Imaging;

/// <summary>Why bytes could not be turned into pixels.</summary>
public enum ImageDecodeError
{
    /// <summary>No bytes at all.</summary>
    Empty,

    /// <summary>The bytes are not one of the supported image formats (HTML, text, TIFF...).</summary>
    UnsupportedFormat,

    /// <summary>The header or pixel data is damaged.</summary>
    Corrupt,

    /// <summary>The data ends before the image does.</summary>
    Truncated,

    /// <summary>The header declares more pixels than the configured limit (a decompression bomb guard).</summary>
    TooManyPixels,
}

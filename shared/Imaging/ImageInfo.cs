namespace ActressOnnx.Imaging;

/// <summary>What an image header says, read without decoding pixels.</summary>
/// <param name="Format">The container format.</param>
/// <param name="Width">Width as displayed, after EXIF orientation is applied.</param>
/// <param name="Height">Height as displayed, after EXIF orientation is applied.</param>
public sealed record ImageInfo(ImageFormat Format, int Width, int Height)
{
    /// <summary>The usual file extension for the format, with its dot.</summary>
    public string Extension => Format switch
    {
        ImageFormat.Jpeg => ".jpg",
        ImageFormat.Png => ".png",
        ImageFormat.Webp => ".webp",
        ImageFormat.Gif => ".gif",
        ImageFormat.Bmp => ".bmp",
        _ => throw new InvalidOperationException($"No extension for {Format}."),
    };
}

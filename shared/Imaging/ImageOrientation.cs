using SkiaSharp;

namespace ActressOnnx.Imaging;

/// <summary>Maps stored pixels to how they are meant to be displayed, per the EXIF Orientation tag.</summary>
internal static class ImageOrientation
{
    /// <summary>Orientations 5-8 turn the image a quarter, so displayed width and height are swapped.</summary>
    public static bool SwapsAxes(SKEncodedOrigin origin) => origin is SKEncodedOrigin.LeftTop
        or SKEncodedOrigin.RightTop
        or SKEncodedOrigin.RightBottom
        or SKEncodedOrigin.LeftBottom;

    /// <summary>The matrix taking stored coordinates of a <paramref name="width"/> x <paramref name="height"/> image to displayed ones.</summary>
    public static SKMatrix ToDisplayed(SKEncodedOrigin origin, float width, float height)
    {
        // x' = ScaleX*x + SkewX*y + TransX; y' = SkewY*x + ScaleY*y + TransY.
        return origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, height, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, height, -1, 0, width, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, width, 0, 0, 1),
            _ => SKMatrix.Identity,
        };
    }
}

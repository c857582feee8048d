using SkiaSharp;

namespace ActressOnnx.Imaging;

/// <summary>Where a displayed source image lands in the target for each <see cref="ResizeMethod"/>.</summary>
internal static class ResizeGeometry
{
    /// <summary>
    /// How many target pixels each source pixel must at least become (per axis) so the resize never has to
    /// upsample; a reduced-scale decode may shrink the source until its scale reaches this.
    /// </summary>
    public static double RequiredScale(PreprocessSettings settings, int sourceWidth, int sourceHeight)
    {
        var scaleX = (double)settings.Width / sourceWidth;
        var scaleY = (double)settings.Height / sourceHeight;
        return settings.Resize == ResizeMethod.Pad ? Math.Min(scaleX, scaleY) : Math.Max(scaleX, scaleY);
    }

    /// <summary>The matrix taking displayed source coordinates to target coordinates.</summary>
    public static SKMatrix Fit(PreprocessSettings settings, float sourceWidth, float sourceHeight)
    {
        var scaleX = settings.Width / sourceWidth;
        var scaleY = settings.Height / sourceHeight;
        if (settings.Resize == ResizeMethod.Squish)
        {
            return SKMatrix.CreateScale(scaleX, scaleY);
        }

        var scale = settings.Resize == ResizeMethod.Crop ? Math.Max(scaleX, scaleY) : Math.Min(scaleX, scaleY);
        var offsetX = (settings.Width - (sourceWidth * scale)) / 2;
        var offsetY = (settings.Height - (sourceHeight * scale)) / 2;
        return SKMatrix.CreateScaleTranslation(scale, scale, offsetX, offsetY);
    }
}

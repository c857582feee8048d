using System.Globalization;

namespace ActressOnnx.Imaging;

/// <summary>
/// The preprocessing a model was trained with. It travels with the model (checkpoint and ONNX metadata),
/// so trainer and service always prepare images the same way.
/// </summary>
/// <param name="Width">Model input width in pixels.</param>
/// <param name="Height">Model input height in pixels.</param>
/// <param name="Resize">How the source image is fitted to <paramref name="Width"/> x <paramref name="Height"/>.</param>
public sealed record PreprocessSettings(int Width, int Height, ResizeMethod Resize)
{
    /// <summary>ImageNet-style 224 x 224 centre crop.</summary>
    public static PreprocessSettings Default { get; } = new(224, 224, ResizeMethod.Crop);

    /// <summary>The number of bytes of one decoded RGB image (height x width x 3).</summary>
    public int PixelBytes => checked(Width * Height * 3);

    /// <summary>Throws when the size is not positive.</summary>
    public PreprocessSettings Validate()
    {
        if (Width <= 0 || Height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), string.Create(CultureInfo.InvariantCulture, $"Input size must be positive, got {Width}x{Height}."));
        }

        if (!Enum.IsDefined(Resize))
        {
            throw new ArgumentOutOfRangeException(nameof(Resize), $"Unknown resize method '{Resize}'. Use squish, crop or pad.");
        }

        return this;
    }
}

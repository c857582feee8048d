using ActressOnnx.Imaging;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace ActressOnnx.Inference;

/// <summary>
/// The process-wide parts every classifier shares: ONNX Runtime's native library and environment, the image codecs
/// (SkiaSharp, libvips) and the decode path's code. Loading them is a fixed start-up cost that does not depend on the
/// model, so a service can pay it while the model downloads.
/// </summary>
public static class InferenceRuntime
{
    /// <summary>
    /// Loads ONNX Runtime's environment and decodes a small generated JPEG once at full and once at reduced scale
    /// (SkiaSharp and libvips). Thread-safe; later calls cost one small decode.
    /// </summary>
    public static void WarmUp()
    {
        _ = OrtEnv.Instance();
        using var bitmap = new SKBitmap(new SKImageInfo(128, 96, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(new SKColor(120, 160, 200));
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Jpeg, 80)
            ?? throw new InvalidOperationException("SkiaSharp could not encode a JPEG; its native library is broken.");
        var jpeg = encoded.ToArray();
        var decoder = new ImageDecoder();
        decoder.Decode(jpeg, new PreprocessSettings(96, 96, ResizeMethod.Crop));
        decoder.Decode(jpeg, new PreprocessSettings(16, 16, ResizeMethod.Crop));
    }
}

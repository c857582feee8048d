namespace ActressOnnx.Imaging;

/// <summary>
/// Turns encoded image bytes into RGB pixels at a model's input size. Thread-safe; one instance serves
/// the trainer's data loader and the prediction service alike, so both see identical pixels.
/// </summary>
public sealed class ImageDecoder
{
    /// <summary>Creates a decoder with the given limits (defaults when null).</summary>
    public ImageDecoder(ImageDecoderOptions? options = null)
    {
        Options = options ?? new ImageDecoderOptions();
    }

    /// <summary>The limits in force.</summary>
    public ImageDecoderOptions Options { get; }

    /// <summary>Reads format and displayed size from the header without decoding pixels.</summary>
    /// <exception cref="ImageDecodeException">The bytes are not a supported, intact image header.</exception>
    public ImageInfo Identify(ReadOnlySpan<byte> data) => throw new NotImplementedException();

    /// <summary>
    /// Decodes <paramref name="data"/> and writes <c>Height x Width x 3</c> RGB bytes (row-major, HWC) into
    /// <paramref name="destination"/>, applying EXIF orientation, alpha compositing and the resize method.
    /// </summary>
    /// <exception cref="ImageDecodeException">Empty, unsupported, corrupt, truncated or too large.</exception>
    public void Decode(ReadOnlySpan<byte> data, PreprocessSettings settings, Span<byte> destination) => throw new NotImplementedException();

    /// <summary>Decodes into a new array of <see cref="PreprocessSettings.PixelBytes"/> bytes.</summary>
    public byte[] Decode(ReadOnlySpan<byte> data, PreprocessSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var pixels = new byte[settings.PixelBytes];
        Decode(data, settings, pixels);
        return pixels;
    }
}

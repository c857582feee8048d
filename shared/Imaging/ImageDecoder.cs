using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace ActressOnnx.Imaging;

/// <summary>
/// Turns encoded image bytes into RGB pixels at a model's input size. Thread-safe; one instance serves
/// the trainer's data loader and the prediction service alike, so both see identical pixels.
/// </summary>
public sealed class ImageDecoder
{
    // JPEG decoders can scale by 1/2, 1/4 or 1/8 inside the IDCT, far cheaper than decoding everything.
    private static readonly int[] JpegReductions = [8, 4, 2];

    /// <summary>Creates a decoder with the given limits (defaults when null).</summary>
    public ImageDecoder(ImageDecoderOptions? options = null)
    {
        Options = options ?? new ImageDecoderOptions();
    }

    /// <summary>The limits in force.</summary>
    public ImageDecoderOptions Options { get; }

    /// <summary>Reads format and displayed size from the header without decoding pixels.</summary>
    /// <exception cref="ImageDecodeException">The bytes are not a supported, intact image header.</exception>
    public unsafe ImageInfo Identify(ReadOnlySpan<byte> data)
    {
        fixed (byte* pinned = data)
        {
            using var image = ImageCodec.Open(pinned, data, Options.MaxPixels);
            return new ImageInfo(image.Format, image.DisplayedWidth, image.DisplayedHeight);
        }
    }

    /// <summary>
    /// Decodes <paramref name="data"/> and writes <c>Height x Width x 3</c> RGB bytes (row-major, HWC) into
    /// <paramref name="destination"/>, applying EXIF orientation, alpha compositing and the resize method.
    /// </summary>
    /// <remarks>Embedded colour profiles are not applied: stored RGB values are used as they are.</remarks>
    /// <exception cref="ImageDecodeException">Empty, unsupported, corrupt, truncated or too large.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="PreprocessSettings.PixelBytes"/>.</exception>
    public unsafe void Decode(ReadOnlySpan<byte> data, PreprocessSettings settings, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (destination.Length < settings.PixelBytes)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The destination holds {destination.Length} bytes but {settings.Width}x{settings.Height} RGB needs {settings.PixelBytes}."),
                nameof(destination));
        }

        fixed (byte* pinned = data)
        {
            using var image = ImageCodec.Open(pinned, data, Options.MaxPixels);
            var decodeSize = ChooseDecodeSize(image, settings);
            var alphaType = image.Codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
            var sourceInfo = new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Rgba8888, alphaType);
            var sourceBytes = checked((nuint)sourceInfo.BytesSize64);

            // A first animation frame may cover only part of the canvas; the rest must read as transparent, not as stale memory.
            var sourcePixels = alphaType == SKAlphaType.Opaque ? NativeMemory.Alloc(sourceBytes) : NativeMemory.AllocZeroed(sourceBytes);
            try
            {
                // libvips pays off where the decode is big, i.e. at a reduced scale; small JPEGs stay with SkiaSharp.
                var shrink = (int)Math.Round((double)image.EncodedWidth / decodeSize.Width);
                if (!(image.Format == ImageFormat.Jpeg && Options.LibvipsJpeg && shrink > 1
                    && LibvipsJpeg.TryDecode(data, shrink, sourceInfo, (byte*)sourcePixels)))
                {
                    ThrowOnFailure(image.Codec.GetPixels(sourceInfo, (IntPtr)sourcePixels), image.Format);
                }

                Render(image, sourceInfo, (IntPtr)sourcePixels, settings, destination);
            }
            finally
            {
                NativeMemory.Free(sourcePixels);
            }
        }
    }

    /// <summary>Decodes into a new array of <see cref="PreprocessSettings.PixelBytes"/> bytes.</summary>
    public byte[] Decode(ReadOnlySpan<byte> data, PreprocessSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var pixels = new byte[settings.PixelBytes];
        Decode(data, settings, pixels);
        return pixels;
    }

    /// <summary>The stored-orientation size <see cref="Decode(ReadOnlySpan{byte}, PreprocessSettings, Span{byte})"/> would decode at.</summary>
    internal unsafe SKSizeI ChooseDecodeSize(ReadOnlySpan<byte> data, PreprocessSettings settings)
    {
        fixed (byte* pinned = data)
        {
            using var image = ImageCodec.Open(pinned, data, Options.MaxPixels);
            return ChooseDecodeSize(image, settings);
        }
    }

    private SKSizeI ChooseDecodeSize(ImageCodec image, PreprocessSettings settings)
    {
        var full = new SKSizeI(image.EncodedWidth, image.EncodedHeight);
        if (image.Format != ImageFormat.Jpeg || !Options.ReducedScaleJpeg)
        {
            return full;
        }

        var required = ResizeGeometry.RequiredScale(settings, image.DisplayedWidth, image.DisplayedHeight);
        foreach (var reduction in JpegReductions)
        {
            var scaled = image.Codec.GetScaledDimensions(1f / reduction);
            var kept = Math.Min((double)scaled.Width / full.Width, (double)scaled.Height / full.Height);
            if (kept >= required)
            {
                return scaled;
            }
        }

        return full;
    }

    private unsafe void Render(ImageCodec image, SKImageInfo sourceInfo, IntPtr sourcePixels, PreprocessSettings settings, Span<byte> destination)
    {
        var swaps = ImageOrientation.SwapsAxes(image.Origin);
        var displayedWidth = swaps ? sourceInfo.Height : sourceInfo.Width;
        var displayedHeight = swaps ? sourceInfo.Width : sourceInfo.Height;
        var fit = ResizeGeometry.Fit(settings, displayedWidth, displayedHeight);
        var matrix = fit.PreConcat(ImageOrientation.ToDisplayed(image.Origin, sourceInfo.Width, sourceInfo.Height));

        var targetInfo = new SKImageInfo(settings.Width, settings.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var rgba = ArrayPool<byte>.Shared.Rent(targetInfo.BytesSize);
        try
        {
            fixed (byte* target = rgba)
            {
                using (var source = SKImage.FromPixels(sourceInfo, sourcePixels, sourceInfo.RowBytes)
                    ?? throw new InvalidOperationException("SkiaSharp refused to wrap decoded pixels."))
                using (var surface = SKSurface.Create(targetInfo, (IntPtr)target, targetInfo.RowBytes)
                    ?? throw new InvalidOperationException("SkiaSharp could not create a raster surface."))
                {
                    var canvas = surface.Canvas;
                    canvas.Clear(BackgroundColor());
                    canvas.SetMatrix(matrix);
                    canvas.DrawImage(source, 0, 0, ChooseSampling(fit));
                }
            }

            RgbaToRgb(rgba.AsSpan(0, targetInfo.BytesSize), destination[..settings.PixelBytes]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rgba);
        }
    }

    private SKColor BackgroundColor()
    {
        var rgb = Options.BackgroundRgb;
        return new SKColor((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb, 255);
    }

    // Cubic filters read a fixed 4x4 neighbourhood, which aliases when shrinking more than 2x; mipmaps average first.
    private static SKSamplingOptions ChooseSampling(SKMatrix fit)
    {
        var smallestScale = Math.Min(Math.Abs(fit.ScaleX), Math.Abs(fit.ScaleY));
        return smallestScale < 0.5f
            ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
            : new SKSamplingOptions(SKCubicResampler.Mitchell);
    }

    private static void RgbaToRgb(ReadOnlySpan<byte> rgba, Span<byte> rgb)
    {
        var pixels = rgb.Length / 3;
        for (int i = 0, s = 0, d = 0; i < pixels; i++, s += 4, d += 3)
        {
            rgb[d] = rgba[s];
            rgb[d + 1] = rgba[s + 1];
            rgb[d + 2] = rgba[s + 2];
        }
    }

    private static void ThrowOnFailure(SKCodecResult result, ImageFormat format)
    {
        switch (result)
        {
            case SKCodecResult.Success:
                return;
            case SKCodecResult.IncompleteInput:
                throw new ImageDecodeException(ImageDecodeError.Truncated, $"The {format} data ends before the image does; the file was cut off (download or upload incomplete).");
            case SKCodecResult.InvalidConversion:
                throw new ImageDecodeException(ImageDecodeError.UnsupportedFormat, $"This {format} variant cannot be converted to RGB.");
            default:
                throw new ImageDecodeException(ImageDecodeError.Corrupt, $"The {format} pixel data is damaged ({result}).");
        }
    }
}

using System.Runtime.Intrinsics;
using NetVips;
using SkiaSharp;

namespace ActressOnnx.Imaging;

/// <summary>
/// Decodes JPEG pixels with libvips (NetVips), whose libjpeg-turbo uses SIMD for the IDCT, upsampling and colour
/// conversion; SkiaSharp's Linux build of libjpeg-turbo has none, which makes big photos about twice as slow.
/// libvips only decodes (at a DCT scale, as SKCodec would); orientation and resizing stay with the caller, so the
/// pixels match SkiaSharp's scaled decode. Anything unusual (CMYK, a libjpeg warning, a size other than expected,
/// libvips missing on this platform) answers false and the caller decodes with SkiaSharp as before.
/// </summary>
internal static class LibvipsJpeg
{
    private static readonly Lazy<bool> Available = new(Initialize);

    /// <summary>Whether libvips loaded; the first call loads it.</summary>
    public static bool IsAvailable => Available.Value;

    /// <summary>
    /// Decodes <paramref name="jpeg"/> at 1/<paramref name="shrink"/> scale (1, 2, 4 or 8) into <paramref name="rgba"/>,
    /// which holds <paramref name="info"/>'s opaque RGBA pixels; false when libvips cannot or should not do it.
    /// </summary>
    public static unsafe bool TryDecode(ReadOnlySpan<byte> jpeg, int shrink, SKImageInfo info, byte* rgba)
    {
        if (info.ColorType != SKColorType.Rgba8888 || info.AlphaType != SKAlphaType.Opaque || !IsAvailable)
        {
            return false;
        }

        try
        {
            // A source, not a buffer: NetVips adds GC memory pressure the size of a buffer argument, which forces a full
            // collection every few big photos. Sequential: one top-to-bottom pass. A warning (damaged data) fails, so
            // SkiaSharp's error reporting decides.
            using var source = Source.NewFromMemory(jpeg);
            using var image = Image.NewFromSource(source, access: Enums.Access.Sequential, failOn: Enums.FailOn.Warning, kwargs: new VOption { { "shrink", shrink } });
            if (image.Width != info.Width || image.Height != info.Height || image.Format != Enums.BandFormat.Uchar || image.Bands is not (1 or 3))
            {
                return false;
            }

            var bands = image.Bands;
            var pixels = (byte*)image.WriteToMemory(out var size);
            try
            {
                var count = (long)info.Width * info.Height;
                if ((long)size != count * bands)
                {
                    return false;
                }

                if (bands == 3)
                {
                    RgbToRgba(pixels, rgba, count);
                }
                else
                {
                    GrayToRgba(pixels, rgba, count);
                }
            }
            finally
            {
                NetVips.NetVips.Free((IntPtr)pixels);
            }

            return true;
        }
        catch (VipsException)
        {
            return false;
        }
    }

    private static bool Initialize()
    {
        try
        {
            if (!ModuleInitializer.VipsInitialized)
            {
                return false;
            }

            // No operation cache: it keys buffers by address, and the service reuses pooled buffers for other images.
            Cache.Max = 0;
            Cache.MaxMem = 0;
            Cache.MaxFiles = 0;
            // One decode is one thread, as with SkiaSharp; concurrent requests bring their own.
            NetVips.NetVips.Concurrency = 1;
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    private static unsafe void RgbToRgba(byte* rgb, byte* rgba, long count)
    {
        long i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // Four pixels per step: 12 RGB bytes spread to 16, alpha set; reads 16 bytes, so stop 2 pixels early.
            var spread = Vector128.Create((byte)0, 1, 2, 0xFF, 3, 4, 5, 0xFF, 6, 7, 8, 0xFF, 9, 10, 11, 0xFF);
            var alpha = Vector128.Create(0xFF000000u).AsByte();
            for (; i + 6 <= count; i += 4)
            {
                var block = Vector128.Load(rgb + (i * 3));
                (Vector128.Shuffle(block, spread) | alpha).Store(rgba + (i * 4));
            }
        }

        for (; i < count; i++)
        {
            rgba[i * 4] = rgb[i * 3];
            rgba[(i * 4) + 1] = rgb[(i * 3) + 1];
            rgba[(i * 4) + 2] = rgb[(i * 3) + 2];
            rgba[(i * 4) + 3] = 255;
        }
    }

    private static unsafe void GrayToRgba(byte* gray, byte* rgba, long count)
    {
        for (long i = 0; i < count; i++)
        {
            var g = gray[i];
            rgba[i * 4] = g;
            rgba[(i * 4) + 1] = g;
            rgba[(i * 4) + 2] = g;
            rgba[(i * 4) + 3] = 255;
        }
    }
}

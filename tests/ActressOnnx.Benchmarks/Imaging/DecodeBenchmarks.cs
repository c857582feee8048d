using ActressOnnx.Imaging;
using ActressOnnx.Testing.Images;
using BenchmarkDotNet.Attributes;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SharpImage = SixLabors.ImageSharp.Image;
using SharpSize = SixLabors.ImageSharp.Size;

namespace ActressOnnx.Benchmarks.Imaging;

/// <summary>
/// A JPEG to the 224 x 224 crop a model takes, four ways in the same run: <see cref="ImageDecoder"/> with JPEG pixels
/// decoded by SkiaSharp (reduced-scale decode; the decoder before libvips, baseline), the same with libvips decoding
/// the pixels (today's default), the SkiaSharp decoder forced to decode at full size, and SixLabors.ImageSharp 2.1.13
/// (load, EXIF auto-orient, bicubic crop-resize, copy out the RGB bytes), for a web-sized photo, the 2560x1600 and
/// 4032x3024 (a phone camera's) photo-like JPEGs with grain, and the 2560x1600 smooth JPEG the load benchmark sends.
/// </summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private static readonly PreprocessSettings Settings = new(224, 224, ResizeMethod.Crop);

    private readonly ImageDecoder fullScale = new(new ImageDecoderOptions { ReducedScaleJpeg = false, LibvipsJpeg = false });
    private readonly ImageDecoder skia = new(new ImageDecoderOptions { LibvipsJpeg = false });
    private readonly ImageDecoder decoder = new();
    private readonly byte[] destination = new byte[Settings.PixelBytes];
    private byte[] jpeg = [];

    /// <summary>Size of the source JPEG.</summary>
    [Params("640x400", "2560x1600", "4032x3024", "2560x1600 smooth")]
    public string Source { get; set; } = "640x400";

    [GlobalSetup]
    public void Setup()
    {
        var size = Source.Split(' ')[0].Split('x').Select(int.Parse).ToArray();
        jpeg = Source.EndsWith("smooth", StringComparison.Ordinal)
            ? TestImages.LargeJpeg(size[0], size[1])
            : LandscapePhotos.Jpeg(size[0], size[1], LandscapePhotos.Blue);
    }

    [Benchmark(Baseline = true, Description = "ImageDecoder.Decode, SkiaSharp JPEG pixels (before)")]
    public byte[] SkiaDecode()
    {
        skia.Decode(jpeg, Settings, destination);
        return destination;
    }

    [Benchmark(Description = "ImageDecoder.Decode, libvips JPEG pixels (default)")]
    public byte[] ImageDecoderDecode()
    {
        decoder.Decode(jpeg, Settings, destination);
        return destination;
    }

    [Benchmark(Description = "SkiaSharp, full-size decode, then resize")]
    public byte[] FullSizeDecodeThenResize()
    {
        fullScale.Decode(jpeg, Settings, destination);
        return destination;
    }

    [Benchmark(Description = "ImageSharp 2.1.13 load + resize")]
    public byte[] ImageSharpLoadResize()
    {
        using var image = SharpImage.Load<Rgb24>(jpeg);
        image.Mutate(x => x.AutoOrient().Resize(new ResizeOptions
        {
            Size = new SharpSize(Settings.Width, Settings.Height),
            Mode = ResizeMode.Crop,
            Sampler = KnownResamplers.Bicubic,
        }));
        image.CopyPixelDataTo(destination);
        return destination;
    }
}

using ActressOnnx.Imaging;
using ActressOnnx.Testing.Images;
using BenchmarkDotNet.Attributes;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SharpImage = SixLabors.ImageSharp.Image;
using SharpSize = SixLabors.ImageSharp.Size;

namespace ActressOnnx.Benchmarks.Imaging;

/// <summary>
/// A JPEG to the 224 x 224 crop a model takes, three ways in the same run: our SkiaSharp <see cref="ImageDecoder"/>
/// (reduced-scale JPEG decode, baseline), the same decoder forced to decode at full size, and SixLabors.ImageSharp
/// 2.1.13 (load, EXIF auto-orient, bicubic crop-resize, copy out the RGB bytes), for a web-sized and a camera-sized photo.
/// </summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private static readonly PreprocessSettings Settings = new(224, 224, ResizeMethod.Crop);

    private readonly ImageDecoder fullScale = new(new ImageDecoderOptions { ReducedScaleJpeg = false });
    private readonly ImageDecoder decoder = new();
    private readonly byte[] destination = new byte[Settings.PixelBytes];
    private byte[] jpeg = [];

    /// <summary>Size of the source JPEG.</summary>
    [Params("640x400", "3000x2000")]
    public string Source { get; set; } = "640x400";

    [GlobalSetup]
    public void Setup()
    {
        var size = Source.Split('x').Select(int.Parse).ToArray();
        jpeg = TestImages.LargeJpeg(size[0], size[1]);
    }

    [Benchmark(Baseline = true, Description = "SkiaSharp ImageDecoder.Decode")]
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

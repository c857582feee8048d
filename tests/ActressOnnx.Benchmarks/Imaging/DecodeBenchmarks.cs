using ActressOnnx.Imaging;
using ActressOnnx.Testing.Images;
using BenchmarkDotNet.Attributes;

namespace ActressOnnx.Benchmarks.Imaging;

/// <summary>A camera-sized JPEG to the model input: full-size decode versus the reduced-scale decode the decoder picks.</summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private static readonly PreprocessSettings Settings = new(224, 224, ResizeMethod.Crop);

    private readonly ImageDecoder fullScale = new(new ImageDecoderOptions { ReducedScaleJpeg = false });
    private readonly ImageDecoder decoder = new();
    private readonly byte[] destination = new byte[Settings.PixelBytes];
    private byte[] jpeg = [];

    [GlobalSetup]
    public void Setup()
    {
        jpeg = TestImages.LargeJpeg(3000, 2000);
    }

    [Benchmark(Baseline = true, Description = "Full-size decode, then resize")]
    public byte[] FullSizeDecodeThenResize()
    {
        fullScale.Decode(jpeg, Settings, destination);
        return destination;
    }

    [Benchmark(Description = "ImageDecoder.Decode")]
    public byte[] ImageDecoderDecode()
    {
        decoder.Decode(jpeg, Settings, destination);
        return destination;
    }
}

using ActressOnnx.Imaging;
using ActressOnnx.Train.Data;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Tests.Data;

public class BatchLoaderTests
{
    private static readonly PreprocessSettings Settings = new(4, 3, ResizeMethod.Squish);

    [Fact]
    public void Load_GivesTheCachedBytesAsNhwcAndTheTargets()
    {
        var images = MakeImages(5);
        var loader = new BatchLoader(images, [0, 1, 2, 3, 4], batchSize: 3);

        using var scope = NewDisposeScope();
        var (batch, targets) = loader.Load([4, 1], CPU);

        Assert.Equal([2L, 3, 4, 3], batch.shape);
        Assert.Equal(ScalarType.Byte, batch.dtype);
        var expected = images.GetPixels(4).ToArray().Concat(images.GetPixels(1).ToArray()).ToArray();
        Assert.Equal(expected, batch.data<byte>().ToArray());
        Assert.Equal([4L % 2, 1L % 2], targets.data<long>().ToArray());
    }

    [Fact]
    public void Plan_CoversTheSubsetInBatchesAndShufflesReproducibly()
    {
        var loader = new BatchLoader(MakeImages(10), [1, 2, 3, 5, 8, 9], batchSize: 4);

        var ordered = loader.Plan(shuffle: null, dropLoneTrailingImage: false);
        var shuffled = loader.Plan(new SeededRandom(3), dropLoneTrailingImage: false);
        var again = loader.Plan(new SeededRandom(3), dropLoneTrailingImage: false);

        Assert.Equal([[1, 2, 3, 5], [8, 9]], ordered);
        Assert.Equal([1, 2, 3, 5, 8, 9], shuffled.SelectMany(b => b).Order());
        Assert.Equal(shuffled, again);
        Assert.NotEqual(ordered.SelectMany(b => b), shuffled.SelectMany(b => b));
    }

    [Fact]
    public void Plan_WhenTraining_DropsATrailingBatchOfOneImage()
    {
        var loader = new BatchLoader(MakeImages(5), [0, 1, 2, 3, 4], batchSize: 2);

        Assert.Equal([2, 2], loader.Plan(null, dropLoneTrailingImage: true).Select(b => b.Length));
        Assert.Equal([2, 2, 1], loader.Plan(null, dropLoneTrailingImage: false).Select(b => b.Length));
    }

    private static DecodedImages MakeImages(int count)
    {
        var pixels = new byte[count * Settings.PixelBytes];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i * 7);
        }

        return new DecodedImages(
            ["even", "odd"],
            Settings,
            pixels,
            [.. Enumerable.Range(0, count).Select(i => i % 2)],
            [.. Enumerable.Range(0, count).Select(i => $"{i}.png")],
            []);
    }
}

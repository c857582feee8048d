using ActressOnnx.Train.Data;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Tests.Data;

public class RandomHorizontalFlipTests
{
    [Fact]
    public void Apply_WithProbabilityOne_MirrorsEveryImageLeftToRight()
    {
        using var scope = NewDisposeScope();
        var images = arange(2 * 2 * 3 * 3, dtype: ScalarType.Byte).view(2, 2, 3, 3);

        var flipped = new RandomHorizontalFlip(seed: 1, probability: 1).Apply(images);

        Assert.Equal(images.shape, flipped.shape);
        for (var x = 0; x < 3; x++)
        {
            Assert.True(Same(flipped[.., .., x], images[.., .., 2 - x]), $"column {x} is not column {2 - x} mirrored");
        }
    }

    [Fact]
    public void Apply_WithProbabilityZero_LeavesImagesAlone()
    {
        using var scope = NewDisposeScope();
        var images = arange(2 * 2 * 3 * 3, dtype: ScalarType.Byte).view(2, 2, 3, 3);

        var result = new RandomHorizontalFlip(seed: 1, probability: 0).Apply(images);

        Assert.True(Same(result, images));
    }

    [Fact]
    public void Apply_WithSameSeed_FlipsTheSameImages_AndFlipsAboutHalf()
    {
        using var scope = NewDisposeScope();
        var images = rand(64, 1, 4, 3).mul(255).to_type(ScalarType.Byte);

        var first = new RandomHorizontalFlip(seed: 9).Apply(images);
        var second = new RandomHorizontalFlip(seed: 9).Apply(images);

        Assert.True(Same(first, second));
        var flippedCount = Enumerable.Range(0, 64).Count(i => !Same(first[i], images[i]));
        Assert.InRange(flippedCount, 16, 48);
    }

    private static bool Same(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.contiguous().data<byte>().ToArray().SequenceEqual(b.contiguous().data<byte>().ToArray());
}

using ActressOnnx.Train.Data;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Tests.Data;

public sealed class BatchAugmentationTests
{
    [Fact]
    public void Apply_WithEveryAugmentationOff_ReturnsTheImagesUnchanged()
    {
        using var images = randint(0, 256, [3, 16, 20, 3], ScalarType.Byte);
        var augmentation = new BatchAugmentation(seed: 1, 16, 20, AugmentationOptions.None);

        using var output = augmentation.Apply(images);

        Assert.Equal(ScalarType.Byte, output.dtype);
        Assert.True(output.equal(images).all().item<bool>());
    }

    [Fact]
    public void Apply_FlipOnly_MirrorsEveryImage()
    {
        using var images = randint(0, 256, [2, 8, 8, 3], ScalarType.Byte);
        var augmentation = new BatchAugmentation(seed: 1, 8, 8, AugmentationOptions.None with { FlipProbability = 1 });

        using var output = augmentation.Apply(images);

        Assert.True(output.equal(images.flip(2)).all().item<bool>());
    }

    [Fact]
    public void Apply_LargerImages_CropsAndResizesToTheInputSize()
    {
        using var images = randint(0, 256, [4, 48, 48, 3], ScalarType.Byte);
        var augmentation = new BatchAugmentation(seed: 1, 32, 32);

        using var output = augmentation.Apply(images);

        Assert.Equal([4, 32, 32, 3], output.shape);
        Assert.Equal(ScalarType.Byte, output.dtype);
    }

    [Fact]
    public void Apply_SameSeed_GivesTheSameBatchesAndAnotherSeedDoesNot()
    {
        using var images = Gradient(4, 40);
        var first = new BatchAugmentation(seed: 7, 32, 32);
        var second = new BatchAugmentation(seed: 7, 32, 32);
        var other = new BatchAugmentation(seed: 8, 32, 32);

        using var a = first.Apply(images);
        using var b = second.Apply(images);
        using var c = other.Apply(images);

        Assert.True(a.equal(b).all().item<bool>());
        Assert.False(a.equal(c).all().item<bool>());
    }

    [Fact]
    public void Apply_Defaults_ChangeImagesDifferentlyWithinTheBatch()
    {
        // The same image eight times: per-image parameters make the copies differ from each other.
        using var one = Gradient(1, 40);
        using var images = one.expand(8, -1, -1, -1).contiguous();
        var augmentation = new BatchAugmentation(seed: 3, 32, 32);

        using var output = augmentation.Apply(images).to_type(ScalarType.Float32);

        var distinct = Enumerable.Range(1, 8 - 1).Count(i => output[i].sub(output[0]).abs().mean().item<float>() > 1);
        Assert.True(distinct >= 6, $"only {distinct} of 7 copies differ from the first");
    }

    [Fact]
    public void Apply_BrightnessOnly_KeepsGeometryAndShiftsIntensity()
    {
        using var images = full(new long[] { 16, 8, 8, 3 }, 128, ScalarType.Byte);
        var augmentation = new BatchAugmentation(seed: 2, 8, 8, AugmentationOptions.None with { LightingProbability = 1 });

        using var output = augmentation.Apply(images).to_type(ScalarType.Float32);

        var means = Enumerable.Range(0, 16).Select(i => output[i].mean().item<float>()).ToList();
        Assert.All(means, mean => Assert.InRange(mean, 128 * 0.55, 128 * 1.45));
        Assert.True(means.Max() - means.Min() > 10, "brightness did not vary: " + string.Join(", ", means));
        Assert.All(Enumerable.Range(0, 16), i => Assert.True(output[i].std().item<float>() < 1e-3, "a uniform image must stay uniform"));
    }

    // Horizontal and vertical ramps in different channels, so any geometric change shows.
    private static Tensor Gradient(int count, int size)
    {
        using var scope = NewDisposeScope();
        var ramp = linspace(0, 255, size);
        var red = ramp.view(1, size).expand(size, size);
        var green = ramp.view(size, 1).expand(size, size);
        var blue = red.add(green).div(2);
        var image = stack([red, green, blue], 2).to_type(ScalarType.Byte);
        return image.unsqueeze(0).expand(count, -1, -1, -1).contiguous().MoveToOuterDisposeScope();
    }
}

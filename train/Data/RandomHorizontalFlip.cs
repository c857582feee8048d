using static TorchSharp.torch;

namespace ActressOnnx.Train.Data;

/// <summary>Mirrors each image left-to-right with the given probability (default one half).</summary>
internal sealed class RandomHorizontalFlip : ITrainingBatchTransform
{
    private const int WidthDimension = 2;
    private readonly SeededRandom random;
    private readonly double probability;

    public RandomHorizontalFlip(int seed, double probability = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(probability);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, 1.0);
        random = new SeededRandom(seed);
        this.probability = probability;
    }

    public Tensor Apply(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var count = (int)images.shape[0];
        var flip = new bool[count];
        for (var i = 0; i < count; i++)
        {
            flip[i] = random.NextDouble() < probability;
        }

        if (!flip.Contains(true))
        {
            return images;
        }

        var mask = tensor(flip, device: images.device).view(count, 1, 1, 1);
        return where(mask, images.flip(WidthDimension), images);
    }
}

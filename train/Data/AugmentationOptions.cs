using System.Globalization;

namespace ActressOnnx.Train.Data;

/// <summary>
/// fastai's default augmentation (<c>RandomResizedCrop(size, min_scale=0.5)</c> plus <c>aug_transforms()</c>), with
/// its probabilities: flip 0.5; rotation, zoom and perspective warp 0.75 each; brightness and contrast 0.75 each.
/// </summary>
internal sealed record AugmentationOptions
{
    /// <summary>Smallest share of the source image's area a random crop keeps (aspect ratio 3/4 to 4/3).</summary>
    public double MinScale { get; init; } = 0.5;

    /// <summary>How much larger than the input size training images are decoded, so crops keep their detail.</summary>
    public double DecodeScale { get; init; } = 1.5;

    public double FlipProbability { get; init; } = 0.5;

    /// <summary>Largest rotation either way, in degrees.</summary>
    public double MaxRotateDegrees { get; init; } = 10;

    /// <summary>Largest zoom-in factor (at least 1).</summary>
    public double MaxZoom { get; init; } = 1.1;

    /// <summary>Largest perspective tilt, as a share of the half-width (0 to below 1).</summary>
    public double MaxWarp { get; init; } = 0.2;

    /// <summary>Probability of each of rotation, zoom and warp.</summary>
    public double AffineProbability { get; init; } = 0.75;

    /// <summary>Largest brightness and contrast change (0 to below 0.5).</summary>
    public double MaxLighting { get; init; } = 0.2;

    /// <summary>Probability of each of brightness and contrast.</summary>
    public double LightingProbability { get; init; } = 0.75;

    /// <summary>No randomness at all: every image is only resized (what tests compare against).</summary>
    public static AugmentationOptions None { get; } = new()
    {
        MinScale = 1, FlipProbability = 0, AffineProbability = 0, LightingProbability = 0, DecodeScale = 1,
    };

    /// <summary>The size training images are decoded at for an input of <paramref name="size"/> pixels.</summary>
    public int DecodeSize(int size) => (int)Math.Round(size * DecodeScale);

    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public AugmentationOptions Validate()
    {
        Check(MinScale is > 0 and <= 1, nameof(MinScale), MinScale);
        Check(DecodeScale is >= 1 and <= 4, nameof(DecodeScale), DecodeScale);
        Check(FlipProbability is >= 0 and <= 1, nameof(FlipProbability), FlipProbability);
        Check(AffineProbability is >= 0 and <= 1, nameof(AffineProbability), AffineProbability);
        Check(LightingProbability is >= 0 and <= 1, nameof(LightingProbability), LightingProbability);
        Check(MaxRotateDegrees is >= 0 and <= 180, nameof(MaxRotateDegrees), MaxRotateDegrees);
        Check(MaxZoom is >= 1 and <= 4, nameof(MaxZoom), MaxZoom);
        Check(MaxWarp is >= 0 and < 1, nameof(MaxWarp), MaxWarp);
        Check(MaxLighting is >= 0 and < 0.5, nameof(MaxLighting), MaxLighting);
        return this;
    }

    private static void Check(bool valid, string name, double value)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"Augmentation setting {name} is out of range: {value}."));
        }
    }
}

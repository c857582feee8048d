using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ActressOnnx.Train.Data;

/// <summary>
/// fastai's default training augmentation on a whole batch on the training device: per image a random resized
/// crop, flip, rotation, zoom and perspective warp composed into one 3x3 transform, applied by a single
/// <c>grid_sample</c> (bilinear, reflection padding) that also resizes to the input size; then brightness and
/// contrast in logit space, as fastai does. Parameters are drawn from a seeded generator, so runs repeat exactly.
/// </summary>
internal sealed class BatchAugmentation : ITrainingBatchTransform
{
    private readonly SeededRandom random;
    private readonly AugmentationOptions options;
    private readonly int outputHeight;
    private readonly int outputWidth;

    public BatchAugmentation(int seed, int outputHeight, int outputWidth, AugmentationOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputWidth, 1);
        random = new SeededRandom(seed);
        this.options = (options ?? new AugmentationOptions()).Validate();
        this.outputHeight = outputHeight;
        this.outputWidth = outputWidth;
    }

    /// <summary>uint8 <c>[N, h, w, 3]</c> (decoded larger) → uint8 <c>[N, outputHeight, outputWidth, 3]</c>.</summary>
    public Tensor Apply(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var count = (int)images.shape[0];
        var matrices = new double[count * 9];
        var brightness = new float[count];
        var contrast = new float[count];
        for (var i = 0; i < count; i++)
        {
            Transform(images.shape[1], images.shape[2]).CopyTo(matrices, i * 9);
            (brightness[i], contrast[i]) = Lighting();
        }

        using var scope = NewDisposeScope();
        var device = images.device;
        var input = images.permute(0, 3, 1, 2).to_type(ScalarType.Float32);
        var grid = Grid(tensor(matrices, [count, 3, 3], device: device).to_type(ScalarType.Float32), count, device);
        var x = grid_sample(input, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Reflection, align_corners: false);
        if (brightness.Any(b => b != 0) || contrast.Any(c => c != 1))
        {
            // fastai's lighting: logit(x) * contrast + logit(brightness) on 0..1 values.
            var logit = x.div(255).clamp(1e-4, 1 - 1e-4).logit();
            var scaled = logit.mul(tensor(contrast, device: device).view(count, 1, 1, 1)).add(tensor(brightness, device: device).view(count, 1, 1, 1));
            x = scaled.sigmoid().mul(255);
        }

        return x.round().clamp(0, 255).to_type(ScalarType.Byte).permute(0, 2, 3, 1).contiguous().MoveToOuterDisposeScope();
    }

    // Output pixel centres in normalised coordinates, [H*W, 3] homogeneous, mapped by each image's transform.
    private Tensor Grid(Tensor matrices, int count, Device device)
    {
        var ys = linspace(-1 + (1.0 / outputHeight), 1 - (1.0 / outputHeight), outputHeight, device: device);
        var xs = linspace(-1 + (1.0 / outputWidth), 1 - (1.0 / outputWidth), outputWidth, device: device);
        var mesh = meshgrid([ys, xs], indexing: "ij");
        var points = stack([mesh[1].flatten(), mesh[0].flatten(), ones(outputHeight * outputWidth, device: device)], 1);
        var mapped = matmul(points.unsqueeze(0), matrices.transpose(1, 2));
        var xy = mapped.narrow(2, 0, 2).div(mapped.narrow(2, 2, 1));
        return xy.view(count, outputHeight, outputWidth, 2);
    }

    // Output coordinates -> source coordinates: warp, zoom, rotation and flip act on the output, the crop picks the
    // source region.
    private double[] Transform(long sourceHeight, long sourceWidth)
    {
        var m = Crop(sourceHeight, sourceWidth);
        if (Chance(options.FlipProbability))
        {
            m = Homography.Multiply(m, Homography.ScaleTranslate(-1, 1, 0, 0));
        }

        if (Chance(options.AffineProbability))
        {
            m = Homography.Multiply(m, Homography.Rotation(Uniform(-options.MaxRotateDegrees, options.MaxRotateDegrees) * Math.PI / 180));
        }

        if (Chance(options.AffineProbability))
        {
            var scale = 1 / Uniform(1, options.MaxZoom);
            m = Homography.Multiply(m, Homography.ScaleTranslate(scale, scale, Uniform(scale - 1, 1 - scale), Uniform(scale - 1, 1 - scale)));
        }

        if (Chance(options.AffineProbability))
        {
            // Tilt: the top edge narrows while the bottom widens (and left/right likewise), as fastai's warp does.
            var (tx, ty) = (Uniform(-options.MaxWarp, options.MaxWarp), Uniform(-options.MaxWarp, options.MaxWarp));
            m = Homography.Multiply(m, Homography.FromCorners([-1 + tx, -1 + ty, 1 - tx, -1 - ty, 1 + tx, 1 + ty, -1 - tx, 1 - ty]));
        }

        return m;
    }

    // RandomResizedCrop: a region of MinScale..1 of the area with aspect ratio 3/4..4/3 (of the output's), anywhere.
    private double[] Crop(long sourceHeight, long sourceWidth)
    {
        if (options.MinScale >= 1)
        {
            return Homography.Identity;
        }

        var area = Uniform(options.MinScale, 1);
        var ratio = Math.Exp(Uniform(Math.Log(3.0 / 4), Math.Log(4.0 / 3)));
        var sourceAspect = (double)sourceWidth / sourceHeight;
        var outputAspect = (double)outputWidth / outputHeight;
        var width = Math.Min(1, Math.Sqrt(area * ratio * outputAspect / sourceAspect));
        var height = Math.Min(1, Math.Sqrt(area / ratio / outputAspect * sourceAspect));
        return Homography.ScaleTranslate(width, height, Uniform(width - 1, 1 - width), Uniform(height - 1, 1 - height));
    }

    private (float Brightness, float Contrast) Lighting()
    {
        var brightness = 0.0;
        var contrast = 1.0;
        if (Chance(options.LightingProbability))
        {
            var b = Uniform(0.5 - options.MaxLighting, 0.5 + options.MaxLighting);
            brightness = Math.Log(b / (1 - b));
        }

        if (Chance(options.LightingProbability))
        {
            contrast = Math.Exp(Uniform(Math.Log(1 - options.MaxLighting), -Math.Log(1 - options.MaxLighting)));
        }

        return ((float)brightness, (float)contrast);
    }

    private bool Chance(double probability) => probability > 0 && random.NextDouble() < probability;

    private double Uniform(double low, double high) => low + ((high - low) * random.NextDouble());
}

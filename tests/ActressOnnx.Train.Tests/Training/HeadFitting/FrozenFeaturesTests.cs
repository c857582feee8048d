using ActressOnnx.Train.Data;
using ActressOnnx.Train.Model;
using ActressOnnx.Train.Training.HeadFitting;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Tests.Training.HeadFitting;

[Collection(SeededTorchGroup.Name)]
public sealed class FrozenFeaturesTests(SyntheticImagesFixture data) : IClassFixture<SyntheticImagesFixture>
{
    [Fact]
    public void Compute_WithTwoViews_GivesEachImageThenItsMirrorInEvalModeAndRestoresTrainingMode()
    {
        random.manual_seed(4);
        using var model = new ResNet18(2);
        model.train();
        int[] indices = [0, 1, 2, 40, 41];
        var loader = new BatchLoader(data.Images, indices, batchSize: 3);

        var (features, targets) = FrozenFeatures.Compute(model, loader, CPU, views: 2, CancellationToken.None);

        Assert.Equal([10L, ResNet18.FeatureCount], features.shape);
        Assert.True(model.training);
        model.eval();
        using var noGrad = no_grad();
        var (images, expectedTargets) = loader.Load(indices.AsSpan(0, 3), CPU);
        var plain = model.Features(model.Architecture.Normalization.Apply(images));
        var mirrored = model.Features(model.Architecture.Normalization.Apply(images.flip(2)));
        Assert.True(features[..3].allclose(plain, rtol: 1e-4, atol: 1e-5), "view 0 is not the image as decoded");
        Assert.True(features[3..6].allclose(mirrored, rtol: 1e-4, atol: 1e-5), "view 1 is not the mirror image");
        Assert.Equal(expectedTargets.data<long>().ToArray(), targets[..3].data<long>().ToArray());
        Assert.Equal(expectedTargets.data<long>().ToArray(), targets[3..6].data<long>().ToArray());
    }

    [Fact]
    public void ComputeAugmented_GivesOneRowPerImageAndViewThroughTheTransform()
    {
        random.manual_seed(5);
        using var model = new ResNet18(2);
        var loader = new BatchLoader(data.Images, [0, 1, 40, 41], batchSize: 4);
        var flip = new RandomHorizontalFlip(seed: 1, probability: 1);

        var (features, targets) = FrozenFeatures.ComputeAugmented(model, loader, flip, CPU, views: 3, CancellationToken.None);
        var (mirrored, _) = FrozenFeatures.Compute(model, loader, CPU, views: 2, CancellationToken.None);

        Assert.Equal([12L, ResNet18.FeatureCount], features.shape);
        Assert.Equal(12, targets.shape[0]);
        Assert.True(features[..4].allclose(mirrored[4..8], rtol: 1e-4, atol: 1e-5), "the transform was not applied");
    }
}

using ActressOnnx.Train.Export;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Tests.Export;

public sealed class FoldedConvolutionTests
{
    [Fact]
    public void Fold_WithRunningStatisticsAndItsOwnEps_EqualsConvThenEvalBatchNorm()
    {
        random.manual_seed(11);
        using var conv = nn.Conv2d(3, 4, kernel_size: 3, stride: 2, padding: 1, bias: true);
        // A large eps, so folding with the wrong (default) eps would show.
        using var norm = nn.BatchNorm2d(4, eps: 0.5);
        using (no_grad())
        {
            Set(norm.weight!, 0.5f, 2f, -1f, 1.5f);
            Set(norm.bias!, 0.1f, -0.3f, 0.7f, 0f);
            Set(norm.running_mean!, 0.2f, -1f, 0.5f, 3f);
            Set(norm.running_var!, 0.04f, 4f, 1f, 0.25f);
        }

        norm.eval();
        using var x = randn(2, 3, 9, 7);

        var folded = FoldedConvolution.Fold(conv, norm);

        using var expected = norm.forward(conv.forward(x));
        using var weight = tensor(folded.Weight, folded.WeightDims);
        using var bias = tensor(folded.Bias);
        using var actual = nn.functional.conv2d(x, weight, bias, strides: [2, 2], padding: [1, 1]);
        Assert.Equal([4L, 3, 3, 3], folded.WeightDims);
        Assert.True(expected.allclose(actual, rtol: 1e-5, atol: 1e-5), $"max difference {(expected - actual).abs().max().item<float>()}");
    }

    [Fact]
    public void Fold_WithoutRunningStatistics_ThrowsSayingWhy()
    {
        using var conv = nn.Conv2d(3, 4, kernel_size: 1, bias: false);
        using var norm = nn.BatchNorm2d(4, track_running_stats: false);

        var ex = Assert.Throws<InvalidOperationException>(() => FoldedConvolution.Fold(conv, norm));

        Assert.Contains("running statistics", ex.Message, StringComparison.Ordinal);
    }

    private static void Set(Tensor target, params float[] values)
    {
        using var source = tensor(values);
        target.copy_(source);
    }
}

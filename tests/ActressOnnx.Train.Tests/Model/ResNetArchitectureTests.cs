using ActressOnnx.Train.Model;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Tests.Model;

public sealed class ResNetArchitectureTests
{
    [Theory]
    [InlineData(32, true)]
    [InlineData(33, true)]
    [InlineData(64, true)]
    [InlineData(224, true)]
    [InlineData(48, false)]
    [InlineData(100, false)]
    [InlineData(16, false)]
    [InlineData(8, false)]
    public void Accepts_Cntk_OnlySizesWhereEveryResidualAddLinesUp(int size, bool accepted)
    {
        Assert.Equal(accepted, ResNetArchitecture.Cntk.Accepts(size));
    }

    [Theory]
    [InlineData(33, 35)]
    [InlineData(64, 96)]
    public void Forward_CntkAtAcceptedSize_RunsAndPoolsTo512Features(int height, int width)
    {
        using var model = new ResNet18(2, ResNetArchitecture.Cntk);
        model.eval();
        using var noGrad = no_grad();

        using var features = model.Features(zeros(1, 3, height, width));

        Assert.Equal([1, 512], features.shape);
    }

    [Fact]
    public void Constructor_Cntk_HasThreeBlocksInTheLastStage()
    {
        using var model = new ResNet18(2, ResNetArchitecture.Cntk);

        Assert.Equal([2, 2, 2, 3], model.Layers.Select(layer => layer.children().Count()));
        Assert.Equal(Padding2d.BeforeAfter(1, 0), model.Blocks.ElementAt(2).Conv1Padding);
        Assert.Contains("layer4.2.conv2.weight", model.state_dict().Keys);
    }

    [Fact]
    public void Accepts_Cntk_AgreesWithWhetherAForwardPassRuns()
    {
        using var model = new ResNet18(2, ResNetArchitecture.Cntk);
        model.eval();
        using var noGrad = no_grad();

        foreach (var size in Enumerable.Range(8, 60))
        {
            bool runs;
            try
            {
                using var features = model.Features(zeros(1, 3, size, size));
                runs = true;
            }
            catch (System.Runtime.InteropServices.ExternalException)
            {
                runs = false;
            }

            Assert.True(runs == ResNetArchitecture.Cntk.Accepts(size), $"size {size}: forward {(runs ? "runs" : "fails")} but Accepts says {ResNetArchitecture.Cntk.Accepts(size)}");
        }
    }

    [Fact]
    public void Accepts_TorchVision_AnySize()
    {
        Assert.All(Enumerable.Range(8, 100), size => Assert.True(ResNetArchitecture.TorchVision.Accepts(size)));
    }
}

using ActressOnnx.Train.Model;
using ActressOnnx.Train.Training;

namespace ActressOnnx.Train.Tests.Training;

public sealed class ParameterGroupsTests
{
    [Fact]
    public void EvenMultiples_ThreeGroups_AreFastaisSliceSpread()
    {
        var rates = ParameterGroups.EvenMultiples(1e-3, 100, 3);

        Assert.Equal(1e-5, rates[0], 12);
        Assert.Equal(1e-4, rates[1], 12);
        Assert.Equal(1e-3, rates[2], 12);
    }

    [Fact]
    public void Split_Cntk_CoversEveryParameterOnceStemFirstHeadLast()
    {
        using var model = new ResNet18(2, ResNetArchitecture.Cntk);

        var groups = ParameterGroups.Split(model);

        Assert.Equal(3, groups.Count);
        Assert.Equal(model.parameters().Count(), groups.Sum(g => g.Count));
        Assert.Equal(model.parameters().Select(p => p.Handle).ToHashSet(), groups.SelectMany(g => g).Select(p => p.Handle).ToHashSet());
        Assert.Contains(groups[0], p => p.Handle == model.Conv1.weight!.Handle);
        Assert.Equal([model.Fc.weight!.Handle, model.Fc.bias!.Handle], groups[2].Select(p => p.Handle));
    }

    [Fact]
    public void FreezeBody_LeavesOnlyTheHeadAndBatchNormsTrainable()
    {
        using var model = new ResNet18(2);

        var trainable = ParameterGroups.FreezeBody(model);

        var names = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToList();
        Assert.Equal(trainable.Count, names.Count);
        Assert.Contains("fc.weight", names);
        Assert.Contains("layer4.1.bn2.weight", names);
        Assert.All(names, name => Assert.True(name.StartsWith("fc.", StringComparison.Ordinal) || name.Contains("bn", StringComparison.Ordinal) || name.Contains("downsample.1", StringComparison.Ordinal), name));
        Assert.DoesNotContain("conv1.weight", names);

        ParameterGroups.Unfreeze(model);
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
    }
}

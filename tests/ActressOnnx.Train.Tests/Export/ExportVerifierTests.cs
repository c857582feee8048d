using ActressOnnx.Testing;
using ActressOnnx.Train.Export;

namespace ActressOnnx.Train.Tests.Export;

public sealed class ExportVerifierTests(FreshModelExportFixture fresh) : IClassFixture<FreshModelExportFixture>
{
    [Fact]
    public void Verify_AgainstTheModelItWasExportedFrom_ReturnsASmallDifference()
    {
        var difference = ExportVerifier.Verify(fresh.Result.Path, fresh.Model, fresh.Info.Preprocess, new OnnxExportOptions { VerificationSeed = 3 }, CancellationToken.None);

        Assert.InRange(difference, 0, 1e-4);
    }

    [Fact]
    public void Verify_AgainstADifferentModel_ThrowsWithTheNumbers()
    {
        using var other = ExportTestModels.Fresh(classes: 3, seed: 99);

        var ex = Assert.Throws<ExportVerificationException>(() =>
            ExportVerifier.Verify(fresh.Result.Path, other, fresh.Info.Preprocess, new OnnxExportOptions(), CancellationToken.None));

        Assert.True(ex.MaxDifference > 1e-4);
        Assert.Equal(1, ex.BatchSize);
        Assert.Contains("max absolute probability difference", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_LeavesTheModelInTrainModeWhenItWasTraining()
    {
        fresh.Model.train();
        try
        {
            ExportVerifier.Verify(fresh.Result.Path, fresh.Model, fresh.Info.Preprocess, new OnnxExportOptions { VerificationBatchSizes = [1] }, CancellationToken.None);

            Assert.True(fresh.Model.training);
        }
        finally
        {
            fresh.Model.eval();
        }
    }
}

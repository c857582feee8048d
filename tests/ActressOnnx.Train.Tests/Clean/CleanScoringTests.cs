using ActressOnnx.Testing;
using ActressOnnx.Train.Clean;
using ActressOnnx.Train.Report;
using ActressOnnx.Train.Tests.Report;
using ActressOnnx.Train.Training;

namespace ActressOnnx.Train.Tests.Clean;

public sealed class CleanScoringTests(TrainedReportFixture trained) : IClassFixture<TrainedReportFixture>, IDisposable
{
    private readonly DirectoryInfo scratch = TestPaths.NewTempDirectory("cleanscoring");

    public void Dispose() => scratch.Delete(recursive: true);

    [Fact]
    public void Load_WhenTheReportMatchesTheFiles_ReusesItsScores()
    {
        var dataset = Load(trained.DataDirectory);

        Assert.True(dataset.Reused);
        Assert.Equal(2 * TrainedReportFixture.ImagesPerClass, dataset.Items.Count);
    }

    [Fact]
    public void Load_WhenAFileWasTouched_ScoresAgainAndAgreesWithTheReport()
    {
        var data = DatasetCopy.To(trained.DataDirectory, Path.Combine(scratch.FullName, "data"));
        File.SetLastWriteTimeUtc(Path.Combine(data, "stripes", "0003.png"), DateTime.UtcNow);

        var rescored = Load(data);
        var reused = Load(trained.DataDirectory);

        Assert.False(rescored.Reused);
        var expected = reused.Items.ToDictionary(i => i.RelativePath);
        Assert.Equal(expected.Count, rescored.Items.Count);
        foreach (var item in rescored.Items)
        {
            var report = expected[item.RelativePath];
            Assert.Equal(report.Split, item.Split);
            Assert.Equal(report.Predicted, item.Predicted);
            Assert.Equal(report.Loss!.Value, item.Loss!.Value, 1e-4);
        }
    }

    [Fact]
    public void Load_WhenAnImageNoLongerDecodes_ListsItFirstSoItCanBeDeleted()
    {
        var data = DatasetCopy.To(trained.DataDirectory, Path.Combine(scratch.FullName, "data"));
        File.WriteAllBytes(Path.Combine(data, "circles", "0004.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        using var output = new StringWriter();

        var dataset = CleanScoring.Load(data, trained.Result.CheckpointPath, TrainedReportFixture.ValidFraction, TrainedReportFixture.Seed, DeviceChoice.Cpu, output, CancellationToken.None);
        using var session = new CleanSession(dataset);

        Assert.Contains("circles/0004.png does not decode", output.ToString().Replace('\\', '/'), StringComparison.Ordinal);
        foreach (var split in new[] { SplitNames.Train, SplitNames.Valid })
        {
            var first = session.Query("circles", split)[0];
            Assert.Equal("circles/0004.png", first.RelativePath);
            Assert.NotNull(first.DecodeError);
            Assert.Null(first.Loss);
        }
    }

    [Fact]
    public void Load_WhenTheCheckpointsClassesDifferFromTheFolders_SaysWhichAndWhatToDo()
    {
        var data = DatasetCopy.To(trained.DataDirectory, Path.Combine(scratch.FullName, "data"));
        Directory.Move(Path.Combine(data, "stripes"), Path.Combine(data, "squares"));

        var error = Assert.Throws<CleanSetupException>(() => Load(data));

        Assert.Contains("[circles, stripes]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[circles, squares]", error.Message, StringComparison.Ordinal);
        Assert.Contains("train again", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenAClassFolderIsEmpty_SaysWhichOne()
    {
        var data = DatasetCopy.To(trained.DataDirectory, Path.Combine(scratch.FullName, "data"));
        foreach (var file in Directory.GetFiles(Path.Combine(data, "stripes")))
        {
            File.Delete(file);
        }

        var error = Assert.Throws<CleanSetupException>(() => Load(data));

        Assert.Contains("stripes", error.Message, StringComparison.Ordinal);
        Assert.Contains("has no images", error.Message, StringComparison.Ordinal);
    }

    private CleanDataset Load(string data)
    {
        using var output = new StringWriter();
        return CleanScoring.Load(data, trained.Result.CheckpointPath, TrainedReportFixture.ValidFraction, TrainedReportFixture.Seed, DeviceChoice.Cpu, output, CancellationToken.None);
    }
}

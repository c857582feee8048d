using ActressOnnx.Testing;
using ActressOnnx.Train.Export.Quantization;
using ActressOnnx.Train.Report;

namespace ActressOnnx.Train.Tests.Export.Quantization;

public sealed class ReportCalibrationFilesTests : IDisposable
{
    private readonly DirectoryInfo directory = TestPaths.NewTempDirectory("report-calibration");

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public void Resolve_FromAFreshTrainingReport_ListsEveryValidationImageWithTheClassesInTurn()
    {
        var trained = TrainedCheckpoint.Train(directory.FullName);
        var valid = trained.ValidRows;

        var files = ReportCalibrationFiles.Resolve(trained.CheckpointPath, CancellationToken.None);

        Assert.Equal(trained.PredictionsPath, files.PredictionsPath);
        Assert.Equal(valid.Count, files.ValidRows);
        Assert.Equal((0, 0), (files.Missing, files.Changed));
        Assert.Equal(valid.Select(trained.PathOf).Order(StringComparer.Ordinal), files.Files.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(files.Files, path => !Path.IsPathFullyQualified(path) || !File.Exists(path));
        // Classes alternate from the start, so the 300-image cap keeps both classes.
        var classes = files.Files.Select(path => Path.GetFileName(Path.GetDirectoryName(path))).ToList();
        Assert.Equal([SyntheticDataset.CirclesLabel, SyntheticDataset.StripesLabel], classes.Take(2));

        // The training images follow, so a small validation split does not decide the agreement gate alone.
        Assert.NotEmpty(files.TrainingFiles);
        Assert.Empty(files.TrainingFiles.Intersect(files.Files));
        Assert.Equal([.. files.Files, .. files.TrainingFiles], files.AllFiles);
        Assert.All(files.TrainingFiles, path => Assert.True(File.Exists(path)));
    }

    [Fact]
    public void Resolve_WhenFewerThanAHandfulOfValidationImagesRemain_FailsAskingForCalibrationFolder()
    {
        var trained = TrainedCheckpoint.Train(directory.FullName);
        var valid = trained.ValidRows;
        foreach (var row in valid.Skip(ReportCalibrationFiles.MinImages - 1))
        {
            File.Delete(trained.PathOf(row));
        }

        var ex = Assert.Throws<QuantizationException>(() => ReportCalibrationFiles.Resolve(trained.CheckpointPath, CancellationToken.None));

        Assert.Contains($"Only {ReportCalibrationFiles.MinImages - 1} of the {valid.Count} validation images", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"({valid.Count - ReportCalibrationFiles.MinImages + 1} missing, 0 changed)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pass --calibration DIR", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Resolve_WhenTheReportDoesNotRecordItsDatasetFolder_FailsAskingForCalibrationFolder()
    {
        var trained = TrainedCheckpoint.Train(directory.FullName);
        File.Delete(Path.Combine(TrainingReport.DirectoryFor(trained.CheckpointPath), ReportDataset.FileName));

        var ex = Assert.Throws<QuantizationException>(() => ReportCalibrationFiles.Resolve(trained.CheckpointPath, CancellationToken.None));

        Assert.Contains("does not record its dataset folder", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pass --calibration DIR", ex.Message, StringComparison.Ordinal);
    }
}

using ActressOnnx.Testing;
using ActressOnnx.Testing.Cli;
using ActressOnnx.Train.Tests.Report;

namespace ActressOnnx.Train.Tests.Clean;

public sealed class CleanCommandTests(TrainedReportFixture trained) : IClassFixture<TrainedReportFixture>, IDisposable
{
    private readonly DirectoryInfo scratch = TestPaths.NewTempDirectory("cleancommand");

    public void Dispose() => scratch.Delete(recursive: true);

    [Fact]
    public async Task Clean_WhenCheckpointClassesDoNotMatchTheFolders_ExitsNonZeroWithOneLine()
    {
        var data = DatasetCopy.To(trained.DataDirectory, Path.Combine(scratch.FullName, "data"));
        Directory.Move(Path.Combine(data, "stripes"), Path.Combine(data, "squares"));

        var (exitCode, _, stderr) = await CliProcess.RunAsync("clean", "--data", data, "--checkpoint", trained.Result.CheckpointPath);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Checkpoint ", line, StringComparison.Ordinal);
        Assert.Contains("squares", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_WithoutCheckpoint_ExitsNonZeroWithOneLine()
    {
        var (exitCode, _, stderr) = await CliProcess.RunAsync("clean", "--data", trained.DataDirectory);

        Assert.Equal(1, exitCode);
        Assert.Contains("--checkpoint", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_UndoWithNothingApplied_ExitsNonZeroWithOneLine()
    {
        var data = DatasetCopy.To(trained.DataDirectory, Path.Combine(scratch.FullName, "data"));

        var (exitCode, _, stderr) = await CliProcess.RunAsync("clean", "--data", data, "--undo");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: Nothing to undo", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_WhenTerminated_StopsServingAndExitsZero()
    {
        using var cli = CliProcess.Start("clean", "--data", trained.DataDirectory, "--checkpoint", trained.Result.CheckpointPath, "--device", "cpu");
        await cli.WaitForOutputLineAsync(line => line.StartsWith("Cleaner page: ", StringComparison.Ordinal));

        await cli.TerminateAsync();

        Assert.Equal(0, await cli.WaitForExitAsync());
        Assert.EndsWith("Stopped.\n", cli.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_PrintsTheReportPathLast()
    {
        var data = Path.Combine(scratch.FullName, "data");
        SyntheticDataset.Write(data, imagesPerClass: 3, size: 32);
        var checkpoint = Path.Combine(scratch.FullName, "tiny.ckpt");

        var (exitCode, stdout, stderr) = await CliProcess.RunAsync("train", "--data", data, "--output", checkpoint, "--size", "32", "--epochs", "1", "--batch-size", "2", "--valid-pct", "0.34", "--device", "cpu");

        Assert.True(exitCode == 0, stderr);
        var report = Path.Combine(scratch.FullName, "tiny-report", "report.html");
        Assert.Equal($"Training report: {report}", stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.True(File.Exists(report));
    }
}

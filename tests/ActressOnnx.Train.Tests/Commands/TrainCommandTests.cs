using ActressOnnx.Testing;
using ActressOnnx.Testing.Cli;

namespace ActressOnnx.Train.Tests.Commands;

public sealed class TrainCommandTests : IDisposable
{
    private readonly DirectoryInfo root = TestPaths.NewTempDirectory("traincommand");

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public async Task Train_WithMissingDataFolder_ExitsNonZeroWithOneLineError()
    {
        var missing = Path.Combine(root.FullName, "no-such-folder");

        var (exitCode, stdout, stderr) = await CliProcess.RunAsync("train", "--data", missing, "--output", Path.Combine(root.FullName, "m.ckpt"));

        Assert.Equal(1, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(missing, line, StringComparison.Ordinal);
        Assert.Empty(Lines(stdout));
        Assert.Empty(root.GetFiles());
    }

    [Fact]
    public async Task Train_WithOnlyOneClassFolder_ExitsNonZeroWithOneLineError()
    {
        SyntheticDataset.Write(root.FullName, imagesPerClass: 1, size: 16);
        Directory.Delete(Path.Combine(root.FullName, SyntheticDataset.StripesLabel), recursive: true);

        var (exitCode, _, stderr) = await CliProcess.RunAsync("train", "--data", root.FullName);

        Assert.Equal(1, exitCode);
        Assert.Contains("at least 2", Assert.Single(Lines(stderr)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_WithUnknownDevice_ExitsNonZero()
    {
        var (exitCode, _, stderr) = await CliProcess.RunAsync("train", "--data", root.FullName, "--device", "tpu");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("tpu", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_WhenInterruptedWithCtrlC_StopsExits130AndLeavesNoCheckpoint()
    {
        var data = Path.Combine(root.FullName, "data");
        var output = Directory.CreateDirectory(Path.Combine(root.FullName, "out")).FullName;
        SyntheticDataset.Write(data, imagesPerClass: 8, size: 32);
        using var cli = CliProcess.Start(
            "train", "--data", data, "--output", Path.Combine(output, "model.ckpt"),
            "--size", "32", "--epochs", "100", "--batch-size", "4", "--device", "cpu");

        await cli.WaitForOutputLineAsync(line => line.StartsWith("0 ", StringComparison.Ordinal));
        await cli.InterruptAsync();
        var exitCode = await cli.WaitForExitAsync();

        Assert.Equal(130, exitCode);
        Assert.StartsWith("cancelled: ", Assert.Single(Lines(cli.Stderr)), StringComparison.Ordinal);
        Assert.Contains("epoch  body    train_loss", cli.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Saved checkpoint", cli.Stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(output));
    }

    [Theory]
    [InlineData("absent.pth", "does not exist")]
    [InlineData("garbage.safetensors", "Cannot read")]
    public async Task Train_WithUnusableWeightsFile_ExitsNonZeroWithOneLineErrorAndWritesNothing(string fileName, string expected)
    {
        var data = Path.Combine(root.FullName, "data");
        var output = Directory.CreateDirectory(Path.Combine(root.FullName, "out")).FullName;
        SyntheticDataset.Write(data, imagesPerClass: 2, size: 16);
        var weights = Path.Combine(root.FullName, fileName);
        if (fileName.StartsWith("garbage", StringComparison.Ordinal))
        {
            await File.WriteAllTextAsync(weights, "not tensors");
        }

        var (exitCode, _, stderr) = await CliProcess.RunAsync(
            "train", "--data", data, "--output", Path.Combine(output, "model.ckpt"), "--size", "32", "--weights", weights);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(output));
    }

    [Fact]
    public async Task Train_WithMoreFrozenEpochsThanEpochs_ExitsNonZeroWithOneLineError()
    {
        SyntheticDataset.Write(root.FullName, imagesPerClass: 2, size: 16);

        var (exitCode, _, stderr) = await CliProcess.RunAsync("train", "--data", root.FullName, "--epochs", "1", "--freeze-epochs", "2");

        Assert.Equal(1, exitCode);
        Assert.Contains("--freeze-epochs", Assert.Single(Lines(stderr)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_WhenOutputIsRedirected_PrintsPlainProgressLinesBeforeEachEpochsRow()
    {
        var data = Path.Combine(root.FullName, "data");
        var output = Directory.CreateDirectory(Path.Combine(root.FullName, "out")).FullName;
        SyntheticDataset.Write(data, imagesPerClass: 8, size: 32);

        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(
            "train", "--data", data, "--output", Path.Combine(output, "model.ckpt"),
            "--size", "32", "--pretrained", "none", "--epochs", "2", "--batch-size", "4", "--device", "cpu");

        Assert.True(exitCode == 0, stderr);
        var lines = Lines(stdout).Select(line => line.TrimEnd('\r')).ToList();
        Assert.DoesNotContain(lines, line => line.Contains('\u001b', StringComparison.Ordinal));
        var progress = lines.Select((line, index) => (Line: line, Index: index)).Where(x => x.Line.StartsWith("epoch ", StringComparison.Ordinal) && x.Line.Contains(" batch ", StringComparison.Ordinal)).ToList();
        for (var epoch = 0; epoch < 2; epoch++)
        {
            var row = lines.FindIndex(line => line.StartsWith($"{epoch} ", StringComparison.Ordinal));
            var ofEpoch = progress.Where(x => x.Line.StartsWith($"epoch {epoch + 1}/2  batch ", StringComparison.Ordinal)).ToList();
            Assert.InRange(ofEpoch.Count, 1, 4);
            Assert.All(ofEpoch, x => Assert.Matches(@"^epoch \d/2  batch \d+/\d+  loss \d+\.\d{4}  lr \d\.\d\de[-+]\d+  (-|\d+\.\d) img/s  (--:--|\d\d:\d\d) left$", x.Line));
            Assert.Matches(@"batch (\d+)/\1 ", ofEpoch[^1].Line);
            Assert.True(ofEpoch[^1].Index < row, $"epoch {epoch}'s progress comes before its table row");
        }

        Assert.Equal(progress.Count, progress.Select(x => x.Line).Distinct().Count());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

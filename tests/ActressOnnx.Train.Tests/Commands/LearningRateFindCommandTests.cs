using ActressOnnx.Testing;
using ActressOnnx.Testing.Cli;
using SkiaSharp;

namespace ActressOnnx.Train.Tests.Commands;

public sealed class LearningRateFindCommandTests : IDisposable
{
    private readonly DirectoryInfo root = TestPaths.NewTempDirectory("lrfind");

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public async Task LrFind_OnTinyImages_PrintsASuggestionAndWritesThePlot()
    {
        var data = Path.Combine(root.FullName, "data");
        SyntheticDataset.Write(data, imagesPerClass: 6, size: 32);
        var plot = Path.Combine(root.FullName, "lr.png");

        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(
            "lr-find", "--data", data, "--output", plot, "--size", "32", "--batch-size", "4", "--iterations", "12", "--device", "cpu");

        Assert.True(exitCode == 0, stderr);
        var suggestion = Assert.Single(stdout.Split('\n'), line => line.StartsWith("Suggested learning rate: ", StringComparison.Ordinal));
        var rate = double.Parse(suggestion.Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(rate, 1e-7, 10);
        using var image = SKBitmap.Decode(plot);
        Assert.NotNull(image);
        Assert.Equal((800, 500), (image.Width, image.Height));
        Assert.Equal(["lr.png"], Directory.GetFiles(root.FullName).Select(Path.GetFileName));
    }

    [Fact]
    public async Task LrFind_WithFallingRange_ExitsNonZeroWithOneLineError()
    {
        SyntheticDataset.Write(root.FullName, imagesPerClass: 2, size: 16);

        var (exitCode, _, stderr) = await CliProcess.RunAsync("lr-find", "--data", root.FullName, "--start-lr", "1", "--end-lr", "0.1");

        Assert.Equal(1, exitCode);
        Assert.Contains("--start-lr below --end-lr", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }
}

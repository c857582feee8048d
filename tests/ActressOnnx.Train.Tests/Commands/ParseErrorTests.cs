using ActressOnnx.Testing.Cli;

namespace ActressOnnx.Train.Tests.Commands;

/// <summary>The CLI process itself: a mistyped command line gets one line saying what is wrong and where help is.</summary>
public sealed class ParseErrorTests
{
    [Theory]
    [InlineData(new[] { "train", "--epochs", "many" }, "actressonnx train --help", "many")]
    [InlineData(new[] { "gather", "--output", "data" }, "actressonnx gather --help", "--class")]
    [InlineData(new[] { "trian" }, "actressonnx --help", "trian")]
    public async Task Run_WhenArgumentsDoNotParse_PrintsOneErrorLineAndWhereHelpIs(string[] args, string help, string named)
    {
        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.EndsWith($"See '{help}'.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithHelp_PrintsTheHelpAndSucceeds()
    {
        var (exitCode, stdout, stderr) = await CliProcess.RunAsync("gather", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--class", stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stderr);
    }
}

using System.Text.RegularExpressions;
using ActressOnnx.Train.Commands;
using ActressOnnx.Train.Training;
using ActressOnnx.Train.Training.Progress;
using Spectre.Console;

namespace ActressOnnx.Train.Tests.Training.Progress;

public partial class LiveTrainingProgressTests
{
    [Fact]
    public void Report_DrawsABarPerEpochWithTheRunningFiguresAndKeepsLinesWrittenMeanwhile()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        var clock = new SteppedClock();

        console.Progress().AutoClear(false).Start(context =>
        {
            var progress = new LiveTrainingProgress(context, clock);
            using var lines = new ConsoleLineWriter(console);
            progress.Start(epochs: 2, stepsPerEpoch: 4);
            for (var step = 0; step < 8; step++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                progress.Report(new BatchMetrics(step / 4, step, 0.5, 1e-3, 8));
                if (step == 3)
                {
                    lines.WriteLine("0      frozen  table row");
                }
            }
        });

        var screen = AnsiEscape().Replace(output.ToString(), string.Empty);
        Assert.Contains("epoch 1/2  4/4  loss 0.5000  lr 1.00e-3  8.0 img/s  00:00 left", screen, StringComparison.Ordinal);
        Assert.Contains("epoch 2/2  4/4  loss 0.5000  lr 1.00e-3  8.0 img/s  00:00 left", screen, StringComparison.Ordinal);
        Assert.Contains("100%", screen, StringComparison.Ordinal);
        Assert.Contains("0      frozen  table row", screen, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex AnsiEscape();
}

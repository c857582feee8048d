using ActressOnnx.Train.Training;
using ActressOnnx.Train.Training.Progress;

namespace ActressOnnx.Train.Tests.Training.Progress;

public class PlainTrainingProgressTests
{
    [Fact]
    public void Report_OnAFastEpoch_WritesALineAtEachQuarterAndNotPerStep()
    {
        var clock = new SteppedClock();
        var output = new StringWriter();
        var progress = new PlainTrainingProgress(output, clock);
        progress.Start(epochs: 2, stepsPerEpoch: 100);

        for (var step = 0; step < 200; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            progress.Report(new BatchMetrics(step / 100, step, 0.5, 1e-3, 8));
        }

        var lines = Lines(output);
        Assert.Equal(8, lines.Length);
        Assert.Equal(
            ["epoch 1/2  batch 25/100", "epoch 1/2  batch 50/100", "epoch 1/2  batch 75/100", "epoch 1/2  batch 100/100", "epoch 2/2  batch 25/100"],
            lines.Take(5).Select(line => line[..line.IndexOf("  loss", StringComparison.Ordinal)]));
        Assert.Equal("epoch 1/2  batch 100/100  loss 0.5000  lr 1.00e-3  800.0 img/s  00:00 left", lines[3]);
    }

    [Fact]
    public void Report_OnASlowEpoch_WritesALineWhenTheIntervalPasses()
    {
        var clock = new SteppedClock();
        var output = new StringWriter();
        var progress = new PlainTrainingProgress(output, clock) { Interval = TimeSpan.FromSeconds(10) };
        progress.Start(epochs: 1, stepsPerEpoch: 1000);

        for (var step = 0; step < 30; step++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            progress.Report(new BatchMetrics(0, step, 0.5, 1e-3, 8));
        }

        Assert.Equal(
            ["epoch 1/1  batch 10/1000", "epoch 1/1  batch 20/1000", "epoch 1/1  batch 30/1000"],
            Lines(output).Select(line => line[..line.IndexOf("  loss", StringComparison.Ordinal)]));
        Assert.EndsWith("8.0 img/s  16:10 left", Lines(output)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Report_BeforeStart_Throws()
    {
        var progress = new PlainTrainingProgress(new StringWriter(), new SteppedClock());

        Assert.Throws<InvalidOperationException>(() => progress.Report(new BatchMetrics(0, 0, 0.5, 1e-3, 8)));
    }

    private static string[] Lines(StringWriter output) => output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}

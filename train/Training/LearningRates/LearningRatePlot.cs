using System.Globalization;
using ActressOnnx.Train.IO;
using ScottPlot;

namespace ActressOnnx.Train.Training.LearningRates;

/// <summary>Draws a sweep as fastai does: smoothed loss against learning rate on a log axis, the suggestion marked.</summary>
internal static class LearningRatePlot
{
    public const int Width = 800;
    public const int Height = 500;

    /// <summary>Writes the plot as a PNG, atomically.</summary>
    public static void Save(LearningRateSweep sweep, string path)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var plot = new Plot();
        var xs = sweep.LearningRates.Select(Math.Log10).ToArray();
        var line = plot.Add.Scatter(xs, sweep.Losses.ToArray());
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.LegendText = "smoothed training loss";

        var valley = plot.Add.VerticalLine(Math.Log10(sweep.Valley));
        valley.LineColor = Colors.OrangeRed;
        valley.LinePattern = LinePattern.Dashed;
        valley.LegendText = "suggested (valley) " + Format(sweep.Valley);

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = value => Format(Math.Pow(10, value)),
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
        };
        plot.XLabel("learning rate (log scale)");
        plot.YLabel("loss");
        plot.Title("Learning-rate finder");
        plot.ShowLegend(Alignment.UpperLeft);
        var bytes = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        AtomicFile.Write(Path.GetFullPath(path), bytes);
    }

    public static string Format(double rate) => rate.ToString("0.##e+0", CultureInfo.InvariantCulture);
}

using System.Globalization;
using ActressOnnx.Train.Training;
using ScottPlot;

namespace ActressOnnx.Train.Report;

/// <summary>The training report's charts, drawn with ScottPlot and saved as PNG.</summary>
internal static class ReportPlots
{
    public const int Width = 800;
    public const int Height = 420;

    /// <summary>Exponential moving average weight of fastai's smoothed loss (0.98), debiased at the start.</summary>
    private const double SmoothingBeta = 0.98;

    /// <summary>Train loss per step (raw, faint, and smoothed) and validation loss at the end of each epoch.</summary>
    public static void Loss(string path, IReadOnlyList<BatchMetrics> batches, IReadOnlyList<EpochMetrics> history)
    {
        var plot = new Plot();
        if (batches.Count > 0)
        {
            var steps = batches.Select(b => (double)b.Step).ToArray();
            var raw = plot.Add.Scatter(steps, batches.Select(b => b.Loss).ToArray());
            raw.LegendText = "train (per batch)";
            raw.MarkerSize = 0;
            raw.LineWidth = 1;
            raw.Color = Colors.SteelBlue.WithAlpha(0.3);
            var smooth = plot.Add.Scatter(steps, Smooth(batches.Select(b => b.Loss).ToArray()));
            smooth.LegendText = "train (smoothed)";
            smooth.MarkerSize = 0;
            smooth.LineWidth = 2;
            smooth.Color = Colors.SteelBlue;
        }

        var validated = history.Where(e => e.ValidLoss is not null).ToArray();
        if (validated.Length > 0)
        {
            var endSteps = validated.Select(e => (double)EpochEndStep(batches, e.Epoch)).ToArray();
            var valid = plot.Add.Scatter(endSteps, validated.Select(e => e.ValidLoss!.Value).ToArray());
            valid.LegendText = "valid (per epoch)";
            valid.MarkerSize = 8;
            valid.LineWidth = 2;
            valid.Color = Colors.DarkOrange;
        }

        plot.Title("Loss");
        plot.XLabel("optimiser step");
        plot.YLabel("cross-entropy");
        plot.Axes.Bottom.Min = 0;
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path);
    }

    /// <summary>The learning rate each optimiser step used.</summary>
    public static void LearningRate(string path, IReadOnlyList<BatchMetrics> batches)
    {
        var plot = new Plot();
        if (batches.Count > 0)
        {
            var line = plot.Add.Scatter(batches.Select(b => (double)b.Step).ToArray(), batches.Select(b => b.LearningRate).ToArray());
            line.MarkerSize = batches.Count == 1 ? 6 : 0;
            line.LineWidth = 2;
            line.Color = Colors.SeaGreen;
        }

        plot.Title("Learning-rate schedule");
        plot.XLabel("optimiser step");
        plot.YLabel("learning rate");
        Save(plot, path);
    }

    /// <summary>Validation error rate after each epoch, in percent.</summary>
    public static void ErrorRate(string path, IReadOnlyList<EpochMetrics> history)
    {
        var plot = new Plot();
        var validated = history.Where(e => e.ErrorRate is not null).ToArray();
        if (validated.Length > 0)
        {
            var line = plot.Add.Scatter(validated.Select(e => (double)e.Epoch + 1).ToArray(), validated.Select(e => e.ErrorRate!.Value * 100).ToArray());
            line.MarkerSize = 8;
            line.LineWidth = 2;
            line.Color = Colors.Crimson;
        }

        plot.Title("Validation error rate");
        plot.XLabel("epoch");
        plot.YLabel("error rate (%)");
        plot.Axes.SetLimitsY(0, Math.Max(10, (validated.Select(e => e.ErrorRate!.Value * 100).DefaultIfEmpty(0).Max() * 1.15) + 1));
        plot.Axes.SetLimitsX(0.5, Math.Max(1, validated.Length) + 0.5);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            validated.Select(e => (double)e.Epoch + 1).ToArray(),
            validated.Select(e => (e.Epoch + 1).ToString(CultureInfo.InvariantCulture)).ToArray());
        Save(plot, path);
    }

    /// <summary>Counts of actual (rows, top to bottom) against predicted (columns) classes; the diagonal is correct.</summary>
    public static void ConfusionMatrix(string path, ClassificationMetrics metrics)
    {
        var plot = new Plot();
        var n = metrics.Labels.Count;
        var max = Math.Max(1, metrics.Confusion.Cast<int>().DefaultIfEmpty(0).Max());
        for (var actual = 0; actual < n; actual++)
        {
            var y = n - 1 - actual;
            for (var predicted = 0; predicted < n; predicted++)
            {
                var count = metrics.Confusion[actual, predicted];
                var shade = (double)count / max;
                var cell = plot.Add.Rectangle(predicted - 0.5, predicted + 0.5, y - 0.5, y + 0.5);
                cell.FillColor = Blend(Colors.White, Colors.SteelBlue, shade);
                cell.LineColor = Colors.White;
                cell.LineWidth = 2;
                var text = plot.Add.Text(count.ToString(CultureInfo.InvariantCulture), predicted, y);
                text.LabelFontSize = n <= 6 ? 28 : 16;
                text.LabelBold = true;
                text.LabelFontColor = shade > 0.55 ? Colors.White : Colors.Black;
                text.LabelAlignment = Alignment.MiddleCenter;
            }
        }

        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, [.. metrics.Labels]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            positions, Enumerable.Range(0, n).Select(i => metrics.Labels[n - 1 - i]).ToArray());
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.Title("Confusion matrix");
        plot.XLabel(string.Create(CultureInfo.InvariantCulture, $"predicted ({metrics.Total} validation images)"));
        plot.YLabel("actual");
        plot.Grid.IsVisible = false;
        var side = Math.Clamp(140 + (90 * n), 420, 1000);
        plot.SavePng(path, side, side);
    }

    /// <summary>fastai's smoothed loss: an exponential moving average, divided by <c>1 - beta^t</c> so early values are not biased to 0.</summary>
    public static double[] Smooth(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var smoothed = new double[values.Count];
        double average = 0;
        for (var i = 0; i < values.Count; i++)
        {
            average = (SmoothingBeta * average) + ((1 - SmoothingBeta) * values[i]);
            smoothed[i] = average / (1 - Math.Pow(SmoothingBeta, i + 1));
        }

        return smoothed;
    }

    private static int EpochEndStep(IReadOnlyList<BatchMetrics> batches, int epoch)
    {
        var last = batches.LastOrDefault(b => b.Epoch == epoch);
        return last?.Step ?? 0;
    }

    private static Color Blend(Color from, Color to, double amount) => new(
        (byte)(from.R + ((to.R - from.R) * amount)),
        (byte)(from.G + ((to.G - from.G) * amount)),
        (byte)(from.B + ((to.B - from.B) * amount)));

    private static void Save(Plot plot, string path) => plot.SavePng(path, Width, Height);
}

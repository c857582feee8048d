using ActressOnnx.Train.Report;

namespace ActressOnnx.Train.Tests.Report;

public sealed class ClassificationMetricsTests
{
    private static readonly string[] Labels = ["a", "b", "c"];

    [Fact]
    public void From_CountsActualRowsAgainstPredictedColumns()
    {
        var metrics = ClassificationMetrics.From(Labels, [P("a", "a"), P("a", "b"), P("b", "b"), P("c", "a"), P("c", "c"), P("c", "c")]);

        Assert.Equal(6, metrics.Total);
        Assert.Equal(1, metrics.Confusion[0, 1]);
        Assert.Equal(1, metrics.Confusion[2, 0]);
        Assert.Equal(2, metrics.Confusion[2, 2]);
        Assert.Equal(0, metrics.Confusion[1, 0]);
    }

    [Fact]
    public void PrecisionRecallF1_FollowTheirDefinitions()
    {
        var metrics = ClassificationMetrics.From(Labels, [P("a", "a"), P("a", "b"), P("b", "b"), P("c", "a"), P("c", "c"), P("c", "c")]);

        Assert.Equal(0.5, metrics.Precision(0)); // predicted a twice, once right
        Assert.Equal(0.5, metrics.Recall(0)); // two a images, one found
        Assert.Equal(0.5, metrics.F1(0)!.Value, 1e-12);
        Assert.Equal(0.5, metrics.Precision(1));
        Assert.Equal(1.0, metrics.Recall(1));
        Assert.Equal(2.0 / 3, metrics.F1(1)!.Value, 1e-12);
        Assert.Equal(1.0, metrics.Precision(2));
        Assert.Equal(2.0 / 3, metrics.Recall(2)!.Value, 1e-12);
    }

    [Fact]
    public void Precision_WhenClassNeverPredicted_IsUndefined()
    {
        var metrics = ClassificationMetrics.From(Labels, [P("a", "b"), P("b", "b")]);

        Assert.Null(metrics.Precision(0));
        Assert.Equal(0.0, metrics.Recall(0));
        Assert.Null(metrics.F1(0));
        Assert.Null(metrics.Recall(2));
    }

    [Fact]
    public void From_WhenPredictionNamesUnknownClass_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassificationMetrics.From(Labels, [P("a", "zebra")]));

        Assert.Contains("a/x.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Smooth_IsDebiasedMovingAverage()
    {
        var smoothed = ReportPlots.Smooth([2.0, 2.0, 2.0]);

        Assert.All(smoothed, value => Assert.Equal(2.0, value, 1e-12));
        var step = ReportPlots.Smooth([1.0, 3.0]);
        Assert.Equal(1.0, step[0], 1e-12);
        Assert.InRange(step[1], 1.0, 3.0);
    }

    private static ImagePrediction P(string actual, string predicted) =>
        new($"{actual}/x.png", SplitNames.Valid, actual, predicted, 0.9, actual == predicted ? 0.9 : 0.1, 0.1, 1, DateTime.UnixEpoch, "00");
}

namespace ActressOnnx.Train.Report;

/// <summary>Confusion matrix and per-class precision, recall and F1 of a set of predictions (the validation split).</summary>
internal sealed class ClassificationMetrics
{
    private ClassificationMetrics(IReadOnlyList<string> labels, int[,] confusion)
    {
        Labels = labels;
        Confusion = confusion;
    }

    public IReadOnlyList<string> Labels { get; }

    /// <summary><c>Confusion[actual, predicted]</c>: how many images of class <c>actual</c> were predicted as <c>predicted</c>.</summary>
    public int[,] Confusion { get; }

    public int Total => Confusion.Cast<int>().Sum();

    public static ClassificationMetrics From(IReadOnlyList<string> labels, IEnumerable<ImagePrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(predictions);
        var index = labels.Select((label, i) => (label, i)).ToDictionary(x => x.label, x => x.i, StringComparer.Ordinal);
        var confusion = new int[labels.Count, labels.Count];
        foreach (var prediction in predictions)
        {
            if (!index.TryGetValue(prediction.Actual, out var actual) || !index.TryGetValue(prediction.Predicted, out var predicted))
            {
                throw new ArgumentException($"Prediction for '{prediction.Path}' names a class that is not one of {string.Join(", ", labels)}.", nameof(predictions));
            }

            confusion[actual, predicted]++;
        }

        return new ClassificationMetrics(labels, confusion);
    }

    /// <summary>Correct predictions of the class over all predictions of it; null when the class was never predicted.</summary>
    public double? Precision(int label)
    {
        var predicted = Column(label);
        return predicted == 0 ? null : (double)Confusion[label, label] / predicted;
    }

    /// <summary>Correct predictions of the class over its images; null when it has none.</summary>
    public double? Recall(int label)
    {
        var actual = Row(label);
        return actual == 0 ? null : (double)Confusion[label, label] / actual;
    }

    /// <summary>Harmonic mean of precision and recall; null when either is undefined, 0 when both are 0.</summary>
    public double? F1(int label)
    {
        if (Precision(label) is not { } precision || Recall(label) is not { } recall)
        {
            return null;
        }

        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /// <summary>Images of the class (row sum).</summary>
    public int Row(int label) => Enumerable.Range(0, Labels.Count).Sum(predicted => Confusion[label, predicted]);

    /// <summary>Predictions of the class (column sum).</summary>
    public int Column(int label) => Enumerable.Range(0, Labels.Count).Sum(actual => Confusion[actual, label]);
}

namespace ActressOnnx.Train.Audit;

/// <summary>
/// Confident learning over out-of-sample probabilities: class <c>j</c>'s threshold is the mean probability of
/// <c>j</c> over the examples labelled <c>j</c>; an example's confident class is, among the classes whose probability
/// reaches their threshold, the most probable; it is a suspected label error when that class is not its label
/// (the off-diagonal of the confident joint). Suspects are ranked by the given label's probability, lowest first.
/// </summary>
internal static class ConfidentLearning
{
    /// <param name="probabilities"><c>[examples, classes]</c> out-of-sample probabilities.</param>
    public static IReadOnlyList<LabelSuspect> FindSuspects(float[] probabilities, IReadOnlyList<int> labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        if (probabilities.Length != labels.Count * classCount)
        {
            throw new ArgumentException($"Expected {labels.Count}x{classCount} probabilities, got {probabilities.Length}.", nameof(probabilities));
        }

        var thresholds = Thresholds(probabilities, labels, classCount);
        var suspects = new List<LabelSuspect>();
        for (var i = 0; i < labels.Count; i++)
        {
            var row = probabilities.AsSpan(i * classCount, classCount);
            var confident = -1;
            for (var j = 0; j < classCount; j++)
            {
                if (row[j] >= thresholds[j] && (confident < 0 || row[j] > row[confident]))
                {
                    confident = j;
                }
            }

            if (confident >= 0 && confident != labels[i])
            {
                suspects.Add(new LabelSuspect(i, row[labels[i]], confident, row[confident]));
            }
        }

        return [.. suspects.OrderBy(s => s.GivenProbability).ThenBy(s => s.Index)];
    }

    /// <summary>Per class: the mean probability of that class over the examples labelled with it (1 when it has none).</summary>
    public static double[] Thresholds(float[] probabilities, IReadOnlyList<int> labels, int classCount)
    {
        var sums = new double[classCount];
        var counts = new int[classCount];
        for (var i = 0; i < labels.Count; i++)
        {
            sums[labels[i]] += probabilities[(i * classCount) + labels[i]];
            counts[labels[i]]++;
        }

        return [.. sums.Select((sum, j) => counts[j] > 0 ? sum / counts[j] : 1.0)];
    }
}

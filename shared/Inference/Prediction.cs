namespace ActressOnnx.Inference;

/// <summary>The classifier's answer for one image.</summary>
/// <param name="Label">The most probable label.</param>
/// <param name="Probability">The probability of <paramref name="Label"/>, 0..1.</param>
/// <param name="Probabilities">Every label's probability, in the model's label order.</param>
public sealed record Prediction(string Label, float Probability, IReadOnlyDictionary<string, float> Probabilities)
{
    /// <summary>The prediction for one row of the model's output: <paramref name="probabilities"/> in <paramref name="labels"/>' order.</summary>
    internal static Prediction FromProbabilities(IReadOnlyList<string> labels, ReadOnlySpan<float> probabilities)
    {
        var best = 0;
        var all = new Dictionary<string, float>(labels.Count, StringComparer.Ordinal);
        for (var i = 0; i < probabilities.Length; i++)
        {
            all[labels[i]] = probabilities[i];
            if (probabilities[i] > probabilities[best])
            {
                best = i;
            }
        }

        return new Prediction(labels[best], probabilities[best], all);
    }
}

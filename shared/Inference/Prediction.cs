namespace ActressOnnx.Inference;

/// <summary>The classifier's answer for one image.</summary>
/// <param name="Label">The most probable label.</param>
/// <param name="Probability">The probability of <paramref name="Label"/>, 0..1.</param>
/// <param name="Probabilities">Every label's probability, in the model's label order.</param>
public sealed record Prediction(string Label, float Probability, IReadOnlyDictionary<string, float> Probabilities);

namespace ActressOnnx.Serving.Endpoints;

/// <summary>The body of a successful <c>POST /api/predict</c>.</summary>
/// <param name="Label">The most probable label.</param>
/// <param name="Probability">Its probability, 0..1.</param>
/// <param name="Probabilities">Every label's probability, in the model's label order.</param>
/// <param name="Model">The model that answered.</param>
public sealed record PredictResponse(string Label, float Probability, IReadOnlyDictionary<string, float> Probabilities, ModelReference Model);

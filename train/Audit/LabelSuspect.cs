namespace ActressOnnx.Train.Audit;

/// <summary>An example whose out-of-sample evidence points to another class.</summary>
/// <param name="Index">Position in the examples.</param>
/// <param name="GivenProbability">Out-of-sample probability of the label it has.</param>
/// <param name="Suggested">The confident class.</param>
/// <param name="SuggestedProbability">Its probability.</param>
internal sealed record LabelSuspect(int Index, double GivenProbability, int Suggested, double SuggestedProbability);

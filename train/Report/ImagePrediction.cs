namespace ActressOnnx.Train.Report;

/// <summary>What a model made of one dataset image: one row of <c>predictions.jsonl</c>.</summary>
/// <param name="Path">Relative to the dataset folder, with '/' separators (<c>CLASS/FILE</c>).</param>
/// <param name="Split"><see cref="SplitNames.Train"/> or <see cref="SplitNames.Valid"/>, as training split the dataset.</param>
/// <param name="Actual">The class folder the image is in.</param>
/// <param name="Predicted">The class the model gives the highest probability.</param>
/// <param name="Probability">The probability of <paramref name="Predicted"/>.</param>
/// <param name="ActualProbability">The probability of <paramref name="Actual"/>.</param>
/// <param name="Loss">Cross-entropy of the image: <c>-ln(ActualProbability)</c>.</param>
/// <param name="Bytes">File size when scored.</param>
/// <param name="Modified">Last write time (UTC) when scored.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the file when scored.</param>
internal sealed record ImagePrediction(
    string Path,
    string Split,
    string Actual,
    string Predicted,
    double Probability,
    double ActualProbability,
    double Loss,
    long Bytes,
    DateTime Modified,
    string Sha256);

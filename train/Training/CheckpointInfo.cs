using ActressOnnx.Imaging;

namespace ActressOnnx.Train.Training;

/// <summary>Everything a checkpoint carries besides the weights: enough to export and serve without the dataset.</summary>
internal sealed record CheckpointInfo(
    string Architecture,
    IReadOnlyList<string> Labels,
    PreprocessSettings Preprocess,
    int Epochs,
    double? ValidLoss,
    double? ValidErrorRate,
    DateTimeOffset TrainedAt)
{
    /// <summary>Where the starting weights came from (see <see cref="Model.WeightSource"/>); null in older checkpoints.</summary>
    public string? Weights { get; init; }
}

using ActressOnnx.Train.Data;
using ActressOnnx.Train.Training;

namespace ActressOnnx.Train.Report;

/// <summary>Everything the training report shows: the run's metrics, the decoded images and what the trained model predicts for each.</summary>
/// <param name="Data">The decoded dataset (same order as <paramref name="Predictions"/>).</param>
/// <param name="Predictions">One per image of <paramref name="Data"/>, in its order.</param>
internal sealed record TrainingReportInput(
    string DataRoot,
    string CheckpointPath,
    IReadOnlyList<EpochMetrics> History,
    IReadOnlyList<BatchMetrics> Batches,
    DecodedImages Data,
    IReadOnlyList<ImagePrediction> Predictions);

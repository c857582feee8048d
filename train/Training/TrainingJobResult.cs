namespace ActressOnnx.Train.Training;

/// <summary>What a finished training job produced.</summary>
/// <param name="History">One entry per epoch.</param>
/// <param name="Batches">One entry per optimiser step, in order.</param>
internal sealed record TrainingJobResult(string CheckpointPath, CheckpointInfo Info, IReadOnlyList<EpochMetrics> History, IReadOnlyList<BatchMetrics> Batches)
{
    /// <summary>The training report's report.html (charts, confusion matrix, top losses), beside the checkpoint.</summary>
    public string? ReportPath { get; init; }
}

namespace ActressOnnx.Train.Training;

/// <summary>What a finished training job produced.</summary>
internal sealed record TrainingJobResult(string CheckpointPath, CheckpointInfo Info, IReadOnlyList<EpochMetrics> History);

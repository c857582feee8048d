namespace ActressOnnx.Train.Training;

/// <summary>One optimiser step: what the training report plots and the live progress shows.</summary>
/// <param name="Epoch">Zero-based epoch index.</param>
/// <param name="Step">Zero-based step index over the whole run.</param>
/// <param name="Loss">Mean cross-entropy of this batch (model in training mode).</param>
/// <param name="LearningRate">The learning rate this step used (the highest one where parameter groups differ).</param>
/// <param name="BatchSize">Images in the batch.</param>
internal sealed record BatchMetrics(int Epoch, int Step, double Loss, double LearningRate, int BatchSize);

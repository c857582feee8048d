namespace ActressOnnx.Train.Training.Progress;

/// <summary>
/// Hears about every optimiser step of a training run (<see cref="IProgress{T}.Report"/>, synchronously, on the
/// training thread), after being told the run's shape once, before the first step.
/// </summary>
internal interface ITrainingProgress : IProgress<BatchMetrics>
{
    /// <param name="epochs">Epochs in the run, frozen ones included.</param>
    /// <param name="stepsPerEpoch">Optimiser steps in every epoch.</param>
    void Start(int epochs, int stepsPerEpoch);
}

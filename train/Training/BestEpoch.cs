using ActressOnnx.Train.Model;

namespace ActressOnnx.Train.Training;

/// <summary>Tracks the epoch with the lowest validation loss and a copy of the model's weights after it.</summary>
internal sealed class BestEpoch(bool enabled) : IDisposable
{
    private ModelSnapshot? snapshot;
    private double bestLoss = double.PositiveInfinity;

    /// <summary>The best epoch so far; null before any, or when disabled.</summary>
    public int? Epoch { get; private set; }

    /// <summary>Keeps a copy of <paramref name="model"/> when <paramref name="metrics"/> has the lowest validation loss yet.</summary>
    public void Consider(EpochMetrics metrics, ResNet18 model)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (!enabled || metrics.ValidLoss is not { } loss || !(loss < bestLoss))
        {
            return;
        }

        snapshot?.Dispose();
        snapshot = ModelSnapshot.Take(model);
        bestLoss = loss;
        Epoch = metrics.Epoch;
    }

    /// <summary>Puts the best epoch's weights back into <paramref name="model"/>; returns that epoch, or null when none was kept.</summary>
    public int? RestoreInto(ResNet18 model)
    {
        snapshot?.Restore(model);
        return Epoch;
    }

    public void Dispose()
    {
        snapshot?.Dispose();
        snapshot = null;
    }
}

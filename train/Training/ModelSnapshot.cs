using ActressOnnx.Train.Model;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Training;

/// <summary>A copy of a model's parameters and buffers, kept on the CPU, to put back later (the best epoch so far).</summary>
internal sealed class ModelSnapshot : IDisposable
{
    private readonly Dictionary<string, Tensor> state;

    private ModelSnapshot(Dictionary<string, Tensor> state) => this.state = state;

    public static ModelSnapshot Take(ResNet18 model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var noGrad = no_grad();
        var copy = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in model.state_dict())
        {
            var detached = tensor.detach().to(CPU).clone();
            detached.DetachFromDisposeScope();
            copy[name] = detached;
        }

        return new ModelSnapshot(copy);
    }

    /// <summary>Copies the snapshot's values into <paramref name="model"/>'s tensors in place (any device).</summary>
    public void Restore(ResNet18 model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var noGrad = no_grad();
        foreach (var (name, tensor) in model.state_dict())
        {
            if (!state.TryGetValue(name, out var saved))
            {
                throw new InvalidOperationException($"The snapshot has no tensor '{name}'; it was taken of another network.");
            }

            tensor.copy_(saved);
        }
    }

    public void Dispose()
    {
        foreach (var tensor in state.Values)
        {
            tensor.Dispose();
        }

        state.Clear();
    }
}

using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Model.Weights;

/// <summary>
/// Loads a torchvision or timm <c>resnet18</c> state dict that a user downloaded (<c>.pth</c>/<c>.pt</c> written by
/// <c>torch.save(model.state_dict())</c>, or <c>.safetensors</c>) into a <see cref="ResNet18"/> of architecture
/// <see cref="ResNetArchitecture.TorchVision"/>, read with TorchSharp.PyBridge. Every body tensor must be there with
/// the right shape and nothing unknown may be left over; the file's classifier head (<c>fc.*</c>, 1000 ImageNet
/// classes) is ignored because the model gets a new one.
/// </summary>
internal static class StateDictImporter
{
    private const string HeadPrefix = "fc.";
    private const string DataParallelPrefix = "module.";

    /// <exception cref="PretrainedWeightsException">The file is missing, unreadable, or not a resnet18 state dict.</exception>
    public static void Load(ResNet18 model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (model.Architecture != ResNetArchitecture.TorchVision)
        {
            throw new ArgumentException($"A torchvision state dict fits architecture '{ResNetArchitecture.TorchVision.Name}', not '{model.Architecture.Name}'.", nameof(model));
        }

        var tensors = Read(path);
        try
        {
            Copy(model, tensors, path);
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    private static void Copy(ResNet18 model, Dictionary<string, Tensor> tensors, string path)
    {
        var fileName = Path.GetFileName(path);
        var expected = model.state_dict()
            .Where(entry => !entry.Key.StartsWith(HeadPrefix, StringComparison.Ordinal))
            .ToDictionary(entry => entry.Key, entry => entry.Value);
        var unknown = tensors.Keys.FirstOrDefault(key => !expected.ContainsKey(key) && !key.StartsWith(HeadPrefix, StringComparison.Ordinal));
        if (unknown is not null)
        {
            throw new PretrainedWeightsException($"'{fileName}' has tensor '{unknown}', which resnet18 does not; pass a torchvision/timm resnet18 state dict.");
        }

        using var noGrad = no_grad();
        foreach (var (name, target) in expected)
        {
            if (!tensors.TryGetValue(name, out var source))
            {
                // Files from PyTorch before 0.4.1 have no batch-norm step counters; nothing uses them.
                if (name.EndsWith(".num_batches_tracked", StringComparison.Ordinal))
                {
                    continue;
                }

                throw new PretrainedWeightsException($"'{fileName}' lacks tensor '{name}'; pass a complete torchvision/timm resnet18 state dict.");
            }

            if (!source.shape.SequenceEqual(target.shape))
            {
                throw new PretrainedWeightsException($"'{fileName}' has tensor '{name}' of shape [{string.Join(",", source.shape)}], resnet18 needs [{string.Join(",", target.shape)}]; pass a resnet18 state dict.");
            }

            target.copy_(source.to(target.dtype, target.device));
        }
    }

    private static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new PretrainedWeightsException($"The weights file '{path}' does not exist; pass the .pth, .pt or .safetensors file you downloaded.");
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        try
        {
            var tensors = extension switch
            {
                ".safetensors" => Safetensors.LoadStateDict(path),
                ".pth" or ".pt" => FromHashtable(PyTorchUnpickler.UnpickleStateDict(path)),
                _ => throw new PretrainedWeightsException($"'{path}' is neither .pth, .pt nor .safetensors; pass a resnet18 state dict in one of those formats."),
            };
            return tensors.ToDictionary(
                entry => entry.Key.StartsWith(DataParallelPrefix, StringComparison.Ordinal) ? entry.Key[DataParallelPrefix.Length..] : entry.Key,
                entry => entry.Value);
        }
        catch (Exception ex) when (ex is not (PretrainedWeightsException or OutOfMemoryException))
        {
            throw new PretrainedWeightsException($"Cannot read '{path}' as a PyTorch state dict ({ex.Message}); save it with torch.save(model.state_dict(), ...) or as safetensors.", ex);
        }
    }

    private static Dictionary<string, Tensor> FromHashtable(Hashtable table)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is not string key || entry.Value is not Tensor tensor)
            {
                throw new InvalidDataException("the file is not a flat state dict of named tensors (was a whole model or a training checkpoint saved?)");
            }

            tensors[key] = tensor;
        }

        return tensors;
    }
}

using ActressOnnx.Train.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Training;

/// <summary>
/// fastai's split of a ResNet for fine-tuning: stem and stages 1-2, stages 3-4, and the head, lowest learning rate
/// first; and freezing of the body (everything but the head), which leaves batch-norm layers trainable.
/// </summary>
internal static class ParameterGroups
{
    /// <summary>The three groups, in the order stem .. head.</summary>
    public static IReadOnlyList<IReadOnlyList<Parameter>> Split(ResNet18 model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var layers = model.Layers;
        return
        [
            [.. model.Conv1.parameters(), .. model.Bn1.parameters(), .. layers[0].parameters(), .. layers[1].parameters()],
            [.. layers[2].parameters(), .. layers[3].parameters()],
            [.. model.Fc.parameters()],
        ];
    }

    /// <summary>
    /// fastai's <c>even_mults</c>: <paramref name="count"/> rates from <c>max/spread</c> to <c>max</c>, evenly spaced on a
    /// log scale.
    /// </summary>
    public static double[] EvenMultiples(double max, double spread, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (count == 1)
        {
            return [max];
        }

        var step = Math.Pow(spread, 1.0 / (count - 1));
        return [.. Enumerable.Range(0, count).Select(i => max / spread * Math.Pow(step, i))];
    }

    /// <summary>Stops gradients for every body parameter except batch norms' (fastai's <c>train_bn</c>).</summary>
    /// <returns>The parameters that still train.</returns>
    public static IReadOnlyList<Parameter> FreezeBody(ResNet18 model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var trainable = new List<Parameter>();
        foreach (var (name, module) in model.named_modules())
        {
            var isHead = name == "fc" || name.StartsWith("fc.", StringComparison.Ordinal);
            var keep = isHead || module is BatchNorm2d;
            foreach (var (_, parameter) in module.named_parameters(recurse: false))
            {
                parameter.requires_grad = keep;
                if (keep)
                {
                    trainable.Add(parameter);
                }
            }
        }

        return trainable;
    }

    /// <summary>Makes every parameter trainable again.</summary>
    public static void Unfreeze(ResNet18 model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var parameter in model.parameters())
        {
            parameter.requires_grad = true;
        }
    }
}

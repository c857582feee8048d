using TorchSharp;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Model.Weights;

/// <summary>Builds the network <c>train</c> starts from: architecture, body weights and a new head for the classes.</summary>
internal static class StartingModel
{
    public const string NoWeights = "none";

    /// <summary>The architecture the choice trains (checked before any decoding, e.g. for the input size).</summary>
    public static ResNetArchitecture ArchitectureFor(string? weightsFile) =>
        weightsFile is not null ? ResNetArchitecture.TorchVision : ResNetArchitecture.Cntk;

    /// <summary>
    /// A <see cref="ResNet18"/> on <paramref name="device"/> with <paramref name="classCount"/> outputs and a freshly
    /// initialised head; the body comes from <paramref name="weightsFile"/> when given, else from
    /// <paramref name="pretrained"/>. Also returns how checkpoints should name the source.
    /// </summary>
    /// <exception cref="PretrainedWeightsException">The weights cannot be loaded.</exception>
    public static (ResNet18 Model, string Source) Create(int classCount, PretrainedWeights pretrained, string? weightsFile, Device device)
    {
        var model = new ResNet18(classCount, ArchitectureFor(weightsFile));
        try
        {
            string source;
            if (weightsFile is not null)
            {
                StateDictImporter.Load(model, weightsFile);
                source = "file:" + Path.GetFileName(weightsFile);
            }
            else if (pretrained == PretrainedWeights.ImageNet)
            {
                string path;
                try
                {
                    path = PretrainedPackage.ModelPath;
                }
                catch (FileNotFoundException ex)
                {
                    throw new PretrainedWeightsException(ex.Message, ex);
                }

                CntkResNet18Importer.Load(model, path);
                source = PretrainedPackage.WeightSource;
            }
            else
            {
                source = NoWeights;
            }

            model.to(device);
            return (model, source);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}

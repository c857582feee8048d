using ActressOnnx.Inference;
using ActressOnnx.Train.Training;

namespace ActressOnnx.Train.Export;

/// <summary>The <c>metadata_props</c> that make an exported model self-describing, written by the shared contract (<see cref="ClassifierMetadata.ToEntries"/>).</summary>
internal static class ExportMetadata
{
    /// <summary>Every entry for <paramref name="info"/>; validation loss and error rate only when the checkpoint has them.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> From(CheckpointInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var metadata = new ClassifierMetadata(info.Labels, info.Preprocess, info.Architecture, info.Epochs, info.ValidLoss, info.ValidErrorRate, info.TrainedAt)
        {
            Extras = info.Weights is { } weights
                ? new Dictionary<string, string> { [ModelMetadataKeys.Weights] = weights }
                : new Dictionary<string, string>(),
        };
        return metadata.ToEntries();
    }
}

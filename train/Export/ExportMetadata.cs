using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ActressOnnx.Imaging;
using ActressOnnx.Inference;
using ActressOnnx.Train.Training;

namespace ActressOnnx.Train.Export;

/// <summary>The <c>metadata_props</c> that make an exported model self-describing (keys from <see cref="ModelMetadataKeys"/>).</summary>
internal static class ExportMetadata
{
    // Labels are data, never embedded in HTML by us, so names such as "Zoë" stay readable instead of \u-escaped.
    private static readonly JsonSerializerOptions LabelJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Every entry for <paramref name="info"/>; validation loss and error rate only when the checkpoint has them.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> From(CheckpointInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var entries = new List<KeyValuePair<string, string>>
        {
            new(ModelMetadataKeys.Labels, JsonSerializer.Serialize(info.Labels, LabelJson)),
            new(ModelMetadataKeys.InputWidth, Invariant(info.Preprocess.Width)),
            new(ModelMetadataKeys.InputHeight, Invariant(info.Preprocess.Height)),
            new(ModelMetadataKeys.ResizeMethod, ResizeName(info.Preprocess.Resize)),
            new(ModelMetadataKeys.Architecture, info.Architecture),
            new(ModelMetadataKeys.Epochs, Invariant(info.Epochs)),
            new(ModelMetadataKeys.TrainedAt, info.TrainedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
        };
        if (info.Weights is { } weights)
        {
            entries.Add(new(ModelMetadataKeys.Weights, weights));
        }

        if (info.ValidLoss is { } loss)
        {
            entries.Add(new(ModelMetadataKeys.ValidLoss, loss.ToString("R", CultureInfo.InvariantCulture)));
        }

        if (info.ValidErrorRate is { } errorRate)
        {
            entries.Add(new(ModelMetadataKeys.ValidErrorRate, errorRate.ToString("R", CultureInfo.InvariantCulture)));
        }

        return entries;
    }

    /// <summary>The lower-case name the metadata uses for <paramref name="method"/>.</summary>
    public static string ResizeName(ResizeMethod method) => method switch
    {
        ResizeMethod.Squish => "squish",
        ResizeMethod.Crop => "crop",
        ResizeMethod.Pad => "pad",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown resize method; use squish, crop or pad."),
    };

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

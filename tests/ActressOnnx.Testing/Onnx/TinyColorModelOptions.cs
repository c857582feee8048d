using ActressOnnx.Inference;

namespace ActressOnnx.Testing.Onnx;

/// <summary>What <see cref="TinyColorModel"/> builds: labels, input size and the metadata written into the file.</summary>
public sealed class TinyColorModelOptions
{
    /// <summary>Class labels in output order; label i scores colour channel i mod 3 (red, green, blue).</summary>
    public IReadOnlyList<string> Labels { get; init; } = ["red", "green", "blue"];

    /// <summary>Input width in pixels.</summary>
    public int Width { get; init; } = 32;

    /// <summary>Input height in pixels.</summary>
    public int Height { get; init; } = 32;

    /// <summary>Resize method name written to the metadata.</summary>
    public string ResizeMethod { get; init; } = "squish";

    /// <summary>When true the graph's input declares the height and width; when false they are symbolic.</summary>
    public bool FixedSpatialDims { get; init; } = true;

    /// <summary>When true the graph is valid and loads, but every run of a single image fails inside ONNX Runtime.</summary>
    public bool FailsWhenRun { get; init; }

    /// <summary>Metadata entries to replace (a value) or remove (null) after the defaults are written.</summary>
    public IReadOnlyDictionary<string, string?> MetadataOverrides { get; init; } = new Dictionary<string, string?>();

    /// <summary>The metadata the model gets before <see cref="MetadataOverrides"/> are applied.</summary>
    internal Dictionary<string, string> DefaultMetadata() => new()
    {
        [ModelMetadataKeys.Labels] = System.Text.Json.JsonSerializer.Serialize(Labels),
        [ModelMetadataKeys.InputWidth] = Width.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [ModelMetadataKeys.InputHeight] = Height.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [ModelMetadataKeys.ResizeMethod] = ResizeMethod,
        [ModelMetadataKeys.Architecture] = "tiny-mean-colour",
        [ModelMetadataKeys.Epochs] = "3",
        [ModelMetadataKeys.ValidLoss] = "0.125",
        [ModelMetadataKeys.ValidErrorRate] = "0.05",
        [ModelMetadataKeys.TrainedAt] = "2026-01-02T03:04:05Z",
    };
}

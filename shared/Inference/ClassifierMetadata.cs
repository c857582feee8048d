using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ActressOnnx.Imaging;

namespace ActressOnnx.Inference;

/// <summary>
/// What a model file says about itself in its <c>metadata_props</c>: the model file contract, with
/// <see cref="ModelMetadataKeys"/> (the keys) and <see cref="ModelFileContract"/> (input and output). The exporter
/// writes a model's entries with <see cref="ToEntries"/>; the classifier reads them with <see cref="Parse"/>.
/// </summary>
/// <param name="Labels">Class labels in output order.</param>
/// <param name="Preprocess">How images must be prepared for the model.</param>
/// <param name="Architecture">The network architecture, when recorded.</param>
/// <param name="Epochs">Epochs trained, when recorded.</param>
/// <param name="ValidLoss">Validation loss, when recorded.</param>
/// <param name="ValidErrorRate">Validation error rate 0..1, when recorded.</param>
/// <param name="TrainedAt">When the model was trained, when recorded.</param>
public sealed record ClassifierMetadata(
    IReadOnlyList<string> Labels,
    PreprocessSettings Preprocess,
    string? Architecture,
    int? Epochs,
    double? ValidLoss,
    double? ValidErrorRate,
    DateTimeOffset? TrainedAt)
{
    // Labels are data, never embedded in HTML by us, so names such as "Zoë" stay readable instead of \u-escaped.
    private static readonly JsonSerializerOptions LabelJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly HashSet<string> TypedKeys =
    [
        ModelMetadataKeys.Labels, ModelMetadataKeys.InputWidth, ModelMetadataKeys.InputHeight, ModelMetadataKeys.ResizeMethod,
        ModelMetadataKeys.Architecture, ModelMetadataKeys.Epochs, ModelMetadataKeys.ValidLoss, ModelMetadataKeys.ValidErrorRate, ModelMetadataKeys.TrainedAt,
        ModelMetadataKeys.Quantization,
    ];

    /// <summary>The quantizations this build can serve (values of <see cref="ModelMetadataKeys.Quantization"/>).</summary>
    public static readonly IReadOnlyList<string> KnownQuantizations = ["int8"];

    /// <summary><c>int8</c> for a quantized model, null for FP32.</summary>
    public string? Quantization { get; init; }

    /// <summary>
    /// Every other <c>actressonnx.*</c> entry, kept as text and written back as it is: a new key (say, how the model was
    /// quantized) is one constant in <see cref="ModelMetadataKeys"/>, read and written through here.
    /// </summary>
    public IReadOnlyDictionary<string, string> Extras { get; init; } = new Dictionary<string, string>();

    /// <summary>The <c>metadata_props</c> entries for this metadata; optional facts only when known.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToEntries()
    {
        var entries = new List<KeyValuePair<string, string>>
        {
            new(ModelMetadataKeys.Labels, JsonSerializer.Serialize(Labels, LabelJson)),
            new(ModelMetadataKeys.InputWidth, Preprocess.Width.ToString(CultureInfo.InvariantCulture)),
            new(ModelMetadataKeys.InputHeight, Preprocess.Height.ToString(CultureInfo.InvariantCulture)),
            new(ModelMetadataKeys.ResizeMethod, ResizeName(Preprocess.Resize)),
        };
        AddIfKnown(entries, ModelMetadataKeys.Architecture, Architecture);
        AddIfKnown(entries, ModelMetadataKeys.Epochs, Epochs?.ToString(CultureInfo.InvariantCulture));
        AddIfKnown(entries, ModelMetadataKeys.TrainedAt, TrainedAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        AddIfKnown(entries, ModelMetadataKeys.ValidLoss, ValidLoss?.ToString("R", CultureInfo.InvariantCulture));
        AddIfKnown(entries, ModelMetadataKeys.ValidErrorRate, ValidErrorRate?.ToString("R", CultureInfo.InvariantCulture));
        AddIfKnown(entries, ModelMetadataKeys.Quantization, Quantization);
        entries.AddRange(Extras.Where(e => !TypedKeys.Contains(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal));
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

    /// <summary>
    /// Reads the metadata. Labels, input width/height and resize method are required; the rest are optional,
    /// but an entry that is present must be well formed.
    /// </summary>
    /// <exception cref="InvalidModelException">A required entry is missing or an entry is malformed; the message names the key.</exception>
    public static ClassifierMetadata Parse(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var labels = ParseLabels(Required(metadata, ModelMetadataKeys.Labels));
        var width = ParsePositiveInt(metadata, ModelMetadataKeys.InputWidth);
        var height = ParsePositiveInt(metadata, ModelMetadataKeys.InputHeight);
        var resize = ParseResize(Required(metadata, ModelMetadataKeys.ResizeMethod));

        metadata.TryGetValue(ModelMetadataKeys.Architecture, out var architecture);
        var quantization = ParseQuantization(metadata);
        return new ClassifierMetadata(
            labels,
            new PreprocessSettings(width, height, resize),
            string.IsNullOrWhiteSpace(architecture) ? null : architecture,
            Optional(metadata, ModelMetadataKeys.Epochs, s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : (int?)null),
            Optional(metadata, ModelMetadataKeys.ValidLoss, ParseDouble),
            Optional(metadata, ModelMetadataKeys.ValidErrorRate, ParseDouble),
            Optional(metadata, ModelMetadataKeys.TrainedAt, s => DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v) ? v : (DateTimeOffset?)null))
        {
            Extras = metadata
                .Where(e => e.Key.StartsWith(ModelMetadataKeys.Prefix, StringComparison.Ordinal) && !TypedKeys.Contains(e.Key))
                .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
            Quantization = quantization,
        };
    }

    private static void AddIfKnown(List<KeyValuePair<string, string>> entries, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            entries.Add(new(key, value));
        }
    }

    // A model quantized in a way this build does not know may still load in ONNX Runtime, but nobody has checked that it
    // computes what its producer meant: refuse it with the reason instead of serving it silently.
    private static string? ParseQuantization(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(ModelMetadataKeys.Quantization, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim().ToLowerInvariant();
        if (!KnownQuantizations.Contains(value))
        {
            throw new InvalidModelException(
                $"The model is quantized as '{Truncate(text)}', which this build does not know (it serves FP32 and {string.Join(", ", KnownQuantizations)}); upgrade the service or export the model without that quantization.",
                ModelMetadataKeys.Quantization);
        }

        return value;
    }

    private static string Required(IReadOnlyDictionary<string, string> metadata, string key)
    {
        if (!metadata.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidModelException(
                $"The model has no '{key}' metadata entry; export it with 'actressonnx export', which writes labels, input size and resize method.",
                key);
        }

        return value;
    }

    private static string[] ParseLabels(string json)
    {
        string[]? labels;
        try
        {
            labels = JsonSerializer.Deserialize<string[]>(json);
        }
        catch (JsonException ex)
        {
            throw Malformed(ModelMetadataKeys.Labels, json, "a JSON array of label strings", ex);
        }

        if (labels is null || labels.Length == 0 || labels.Any(string.IsNullOrWhiteSpace))
        {
            throw Malformed(ModelMetadataKeys.Labels, json, "a non-empty JSON array of non-empty label strings");
        }

        var duplicate = labels.GroupBy(l => l, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw Malformed(ModelMetadataKeys.Labels, json, $"unique labels, but '{duplicate.Key}' appears {duplicate.Count()} times");
        }

        return labels;
    }

    private static int ParsePositiveInt(IReadOnlyDictionary<string, string> metadata, string key)
    {
        var text = Required(metadata, key);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw Malformed(key, text, "a positive integer");
        }

        return value;
    }

    private static ResizeMethod ParseResize(string text) => text.Trim().ToLowerInvariant() switch
    {
        "squish" => ResizeMethod.Squish,
        "crop" => ResizeMethod.Crop,
        "pad" => ResizeMethod.Pad,
        _ => throw Malformed(ModelMetadataKeys.ResizeMethod, text, "one of squish, crop, pad"),
    };

    private static double? ParseDouble(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    private static T? Optional<T>(IReadOnlyDictionary<string, string> metadata, string key, Func<string, T?> parse)
        where T : struct
    {
        if (!metadata.TryGetValue(key, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return parse(text) ?? throw Malformed(key, text, $"a valid {typeof(T).Name} in invariant culture");
    }

    private static InvalidModelException Malformed(string key, string value, string expected, Exception? inner = null) =>
        new($"The model's '{key}' metadata entry is '{Truncate(value)}', expected {expected}; re-export the model.", key, inner);

    private static string Truncate(string value) => value.Length <= 80 ? value : value[..80] + "...";
}

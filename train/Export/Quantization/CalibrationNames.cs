using System.Globalization;

namespace ActressOnnx.Train.Export.Quantization;

/// <summary>
/// The names of <see cref="CalibrationMethod"/> and <see cref="Fp32Layers"/> on the command line and in the model's
/// metadata (<see cref="Inference.ModelMetadataKeys.QuantizationCalibration"/>, <see cref="Inference.ModelMetadataKeys.QuantizationFp32Layers"/>).
/// </summary>
internal static class CalibrationNames
{
    public const string MinMax = "minmax";
    public const string Percentile = "percentile";
    public const string Entropy = "entropy";
    public const string Mse = "mse";
    public const string NoLayers = "none";
    public const string FirstConv = "first-conv";
    public const string Head = "head";

    public static readonly IReadOnlyList<string> Methods = [MinMax, Percentile, Entropy, Mse];

    public static string Name(CalibrationMethod method) => method switch
    {
        CalibrationMethod.MinMax => MinMax,
        CalibrationMethod.Percentile => Percentile,
        CalibrationMethod.Entropy => Entropy,
        CalibrationMethod.Mse => Mse,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown calibration method."),
    };

    /// <summary>The method's name, with the percentile for <see cref="CalibrationMethod.Percentile"/> (e.g. <c>percentile:99.99</c>).</summary>
    public static string Describe(CalibrationMethod method, double percentile) => method == CalibrationMethod.Percentile
        ? Percentile + ":" + percentile.ToString("R", CultureInfo.InvariantCulture)
        : Name(method);

    public static bool TryParseMethod(string? text, out CalibrationMethod method)
    {
        foreach (var candidate in Enum.GetValues<CalibrationMethod>())
        {
            if (string.Equals(text, Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                method = candidate;
                return true;
            }
        }

        method = default;
        return false;
    }

    /// <summary><c>none</c>, or the kept layers joined by commas (<c>first-conv,head</c>).</summary>
    public static string Name(Fp32Layers layers)
    {
        var names = new List<string>();
        if (layers.HasFlag(Fp32Layers.FirstConv))
        {
            names.Add(FirstConv);
        }

        if (layers.HasFlag(Fp32Layers.Head))
        {
            names.Add(Head);
        }

        return names.Count == 0 ? NoLayers : string.Join(',', names);
    }

    /// <summary>Parses <c>none</c> or a comma-separated list of <c>first-conv</c> and <c>head</c>.</summary>
    public static bool TryParseLayers(string? text, out Fp32Layers layers)
    {
        layers = Fp32Layers.None;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(part, FirstConv, StringComparison.OrdinalIgnoreCase))
            {
                layers |= Fp32Layers.FirstConv;
            }
            else if (string.Equals(part, Head, StringComparison.OrdinalIgnoreCase))
            {
                layers |= Fp32Layers.Head;
            }
            else if (!string.Equals(part, NoLayers, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}

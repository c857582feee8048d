using System.Text;
using System.Text.Json;
using ActressOnnx.Train.IO;

namespace ActressOnnx.Train.Report;

/// <summary>
/// Reads and writes <c>predictions.jsonl</c>: one JSON object per image (path, split, actual, predicted, probability,
/// actualProbability, loss, bytes, modified, sha256), highest loss first.
/// </summary>
internal static class PredictionsFile
{
    public const string FileName = "predictions.jsonl";

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static void Write(string path, IEnumerable<ImagePrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var text = new StringBuilder();
        foreach (var prediction in predictions.OrderByDescending(p => p.Loss).ThenBy(p => p.Path, StringComparer.Ordinal))
        {
            text.Append(JsonSerializer.Serialize(prediction, JsonOptions)).Append('\n');
        }

        AtomicFile.Write(path, Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>The rows of the file, or null when it is missing or is not a predictions file (then the caller scores again).</summary>
    public static IReadOnlyList<ImagePrediction>? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var rows = new List<ImagePrediction>();
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var row = JsonSerializer.Deserialize<ImagePrediction>(line, JsonOptions);
                if (row is not { Path.Length: > 0, Actual.Length: > 0, Predicted.Length: > 0, Sha256.Length: > 0 } || !SplitNames.IsKnown(row.Split))
                {
                    return null;
                }

                rows.Add(row);
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }

        return rows;
    }
}

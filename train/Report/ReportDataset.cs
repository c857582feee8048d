using System.Text;
using System.Text.Json;
using ActressOnnx.Train.IO;

namespace ActressOnnx.Train.Report;

/// <summary>
/// <c>dataset.json</c> in the training report: the absolute dataset folder the paths of <c>predictions.jsonl</c> are
/// relative to, so a later command (<c>export --quantize int8</c>) can find the validation images without being told.
/// </summary>
/// <param name="Root">The dataset folder training read, as an absolute path.</param>
internal sealed record ReportDataset(string Root)
{
    public const string FileName = "dataset.json";

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public static void Write(string reportDirectory, string dataRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reportDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataRoot);
        var json = JsonSerializer.Serialize(new ReportDataset(Path.GetFullPath(dataRoot)), JsonOptions) + "\n";
        AtomicFile.Write(Path.Combine(reportDirectory, FileName), Encoding.UTF8.GetBytes(json));
    }

    /// <summary>The recorded dataset, or null when the file is missing or damaged (reports written before this file existed).</summary>
    public static ReportDataset? TryRead(string reportDirectory)
    {
        var path = Path.Combine(reportDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ReportDataset>(File.ReadAllText(path), JsonOptions) is { Root.Length: > 0 } dataset && Path.IsPathFullyQualified(dataset.Root)
                ? dataset
                : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }
    }
}

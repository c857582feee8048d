using System.Text;
using System.Text.Json;

namespace ActressOnnx.Train.Clean;

/// <summary>
/// The append-only record of every file <c>clean</c> moved: <c>DATA/clean-log.jsonl</c>, one <see cref="CleanLogEntry"/>
/// per line. Each batch is appended in one write and flushed to disk before the change is reported done.
/// </summary>
internal sealed class CleanLog(string dataRoot)
{
    public const string FileName = "clean-log.jsonl";

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public string Path { get; } = System.IO.Path.Combine(dataRoot, FileName);

    /// <summary>The folder log paths are relative to: the one that holds the dataset folder.</summary>
    public string Base { get; } = System.IO.Path.GetDirectoryName(System.IO.Path.TrimEndingDirectorySeparator(dataRoot))!;

    public string ToLogPath(string fullPath) => System.IO.Path.GetRelativePath(Base, fullPath).Replace(System.IO.Path.DirectorySeparatorChar, '/');

    public string ToFullPath(string logPath) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Base, logPath.Replace('/', System.IO.Path.DirectorySeparatorChar)));

    public void Append(IReadOnlyList<CleanLogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            text.Append(JsonSerializer.Serialize(entry, JsonOptions)).Append('\n');
        }

        using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
        stream.Flush(flushToDisk: true);
    }

    /// <exception cref="CleanException">A line is not a log entry.</exception>
    public IReadOnlyList<CleanLogEntry> Read()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        var entries = new List<CleanLogEntry>();
        var number = 0;
        foreach (var line in File.ReadLines(Path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            CleanLogEntry? entry = null;
            try
            {
                entry = JsonSerializer.Deserialize<CleanLogEntry>(line, JsonOptions);
            }
            catch (JsonException)
            {
            }

            if (entry is not { Batch.Length: > 0, From.Length: > 0, To.Length: > 0, Action: CleanLogEntry.Delete or CleanLogEntry.Move or CleanLogEntry.Restore })
            {
                throw new CleanException(500, "log_damaged", $"Line {number} of '{Path}' is not a clean log entry; fix or remove that line, then run again.");
            }

            entries.Add(entry);
        }

        return entries;
    }

    public static string NewBatchId() => DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
}

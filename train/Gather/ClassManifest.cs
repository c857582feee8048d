using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ActressOnnx.Train.IO;

namespace ActressOnnx.Train.Gather;

/// <summary>
/// A class's manifest: one JSON line per image URL, the latest outcome for each. Every change rewrites the
/// file atomically, so an interrupted run leaves either the old or the new manifest, never a torn one.
/// </summary>
internal sealed class ClassManifest
{
    /// <summary>Manifests live beside the class folders, as <c>NAME.manifest.jsonl</c>, so the class folders hold only images.</summary>
    public const string FileSuffix = ".manifest.jsonl";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    private readonly List<ManifestEntry> _entries = [];
    private readonly Dictionary<string, int> _indexByUrl = new(StringComparer.Ordinal);

    private ClassManifest(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public IReadOnlyList<ManifestEntry> Entries => _entries;

    public static string PathFor(string outputDirectory, string className) => System.IO.Path.Combine(outputDirectory, className + FileSuffix);

    /// <summary>Reads the manifest at <paramref name="path"/>, or starts an empty one when there is none.</summary>
    /// <exception cref="InvalidDataException">A line is not a manifest row.</exception>
    public static ClassManifest Load(string path)
    {
        var manifest = new ClassManifest(path);
        if (!File.Exists(path))
        {
            return manifest;
        }

        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            manifest.Set(Parse(line, path, lineNumber));
        }

        return manifest;
    }

    public bool TryGet(string url, out ManifestEntry entry)
    {
        if (_indexByUrl.TryGetValue(url, out var index))
        {
            entry = _entries[index];
            return true;
        }

        entry = null!;
        return false;
    }

    /// <summary>Adds or replaces the row for <see cref="ManifestEntry.Url"/> and saves the manifest.</summary>
    public void Record(ManifestEntry entry)
    {
        Set(entry);
        Save();
    }

    public static string Serialize(ManifestEntry entry) => JsonSerializer.Serialize(entry, JsonOptions);

    private void Save()
    {
        var text = new StringBuilder();
        foreach (var entry in _entries)
        {
            text.Append(Serialize(entry)).Append('\n');
        }

        AtomicFile.Write(Path, Encoding.UTF8.GetBytes(text.ToString()));
    }

    private void Set(ManifestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_indexByUrl.TryGetValue(entry.Url, out var index))
        {
            _entries[index] = entry;
        }
        else
        {
            _indexByUrl[entry.Url] = _entries.Count;
            _entries.Add(entry);
        }
    }

    private static ManifestEntry Parse(string line, string path, int lineNumber)
    {
        try
        {
            var entry = JsonSerializer.Deserialize<ManifestEntry>(line, JsonOptions);
            if (entry is { Url: { Length: > 0 }, Query: not null } && Enum.IsDefined(entry.Status))
            {
                return entry;
            }
        }
        catch (JsonException)
        {
        }

        throw new InvalidDataException($"Line {lineNumber} of manifest '{path}' is not a manifest row; fix or delete that line (or the whole manifest to start the class over), then run again.");
    }
}

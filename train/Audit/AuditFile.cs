using System.Text;
using System.Text.Json;
using ActressOnnx.Train.IO;

namespace ActressOnnx.Train.Audit;

/// <summary>Writes and reads <c>issues.jsonl</c>: one <see cref="AuditFinding"/> per line, nulls left out.</summary>
internal static class AuditFile
{
    public const string IssuesFileName = "issues.jsonl";
    public const string ReportFileName = "report.html";

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Write(string path, IEnumerable<AuditFinding> findings)
    {
        var text = new StringBuilder();
        foreach (var finding in findings)
        {
            text.Append(JsonSerializer.Serialize(finding, Json)).Append('\n');
        }

        AtomicFile.Write(path, Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <exception cref="InvalidDataException">A line is not a finding, with its number.</exception>
    public static IReadOnlyList<AuditFinding> Read(string path)
    {
        var findings = new List<AuditFinding>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            AuditFinding? finding;
            try
            {
                finding = JsonSerializer.Deserialize<AuditFinding>(line, Json);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"Line {number} of '{path}' is not an audit finding ({ex.Message}); run 'actressonnx audit' again.", ex);
            }

            if (finding is null || string.IsNullOrEmpty(finding.Path) || string.IsNullOrEmpty(finding.Issue))
            {
                throw new InvalidDataException($"Line {number} of '{path}' has no path or issue; run 'actressonnx audit' again.");
            }

            findings.Add(finding);
        }

        return findings;
    }
}

using System.Text.Json;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Cli;
using SkiaSharp;

namespace ActressOnnx.Train.Tests.Audit;

public sealed class AuditCommandTests : IDisposable
{
    private readonly DirectoryInfo root = TestPaths.NewTempDirectory("audit-command");

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public async Task Audit_OnAFaultedDataset_PrintsTheSummaryAndWritesIssuesAndAReport()
    {
        var data = Path.Combine(root.FullName, "data");
        var files = SyntheticDataset.Write(data, imagesPerClass: 12, size: 48);
        File.Copy(files[1], Path.Combine(data, "circles", "again.png"));
        File.Move(files[20], Path.Combine(data, "circles", "was-a-stripe.png"));
        using (var blank = AuditTestImages.Filled(48, 48, SKColors.Gray))
        {
            File.WriteAllBytes(Path.Combine(data, "stripes", "blank.png"), AuditTestImages.Png(blank));
        }

        await File.WriteAllTextAsync(Path.Combine(data, "stripes", "broken.jpg"), "not an image");

        var (exitCode, stdout, stderr) = await CliProcess.RunAsync("audit", "--data", data, "--size", "64", "--folds", "3");

        Assert.True(exitCode == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains(lines, line => line.StartsWith("exact-duplicate ", StringComparison.Ordinal) && line.EndsWith(" 2", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("Audited 26 images", StringComparison.Ordinal) && line.EndsWith("skipped 1 that do not decode.", StringComparison.Ordinal));
        var audit = Path.Combine(root.FullName, "data-audit");
        var rows = (await File.ReadAllLinesAsync(Path.Combine(audit, "issues.jsonl"))).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.All(rows, row => Assert.Subset(
            new HashSet<string> { "path", "issue", "score", "group", "suggested", "suggestedProbability" },
            row.EnumerateObject().Select(p => p.Name).ToHashSet()));
        Assert.Contains(rows, row => row.GetProperty("issue").GetString() == "exact-duplicate" && row.GetProperty("path").GetString() == "circles/again.png" && row.GetProperty("group").GetString() == "exact-1");
        Assert.Contains(rows, row => row.GetProperty("issue").GetString() == "low-information" && row.GetProperty("path").GetString() == "stripes/blank.png");
        var labels = rows.Where(row => row.GetProperty("issue").GetString() == "label").ToList();
        var label = labels.FirstOrDefault();
        Assert.True(label.ValueKind == JsonValueKind.Object && label.GetProperty("path").GetString() == "circles/was-a-stripe.png", "label rows: " + string.Join(" ", labels));
        Assert.Equal("stripes", label.GetProperty("suggested").GetString());
        Assert.DoesNotContain(rows, row => row.GetProperty("path").GetString() == "stripes/broken.jpg");

        var html = await File.ReadAllTextAsync(Path.Combine(audit, "report.html"));
        Assert.Contains("<h2 id=\"exact-duplicate\">exact-duplicate (2)</h2>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_WithSizeNotAMultipleOf32_ExitsWithOneLine()
    {
        SyntheticDataset.Write(root.FullName, imagesPerClass: 2, size: 16);

        var (exitCode, _, stderr) = await CliProcess.RunAsync("audit", "--data", root.FullName, "--size", "100");

        Assert.Equal(2, exitCode);
        Assert.Contains("pass a multiple of 32", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }
}

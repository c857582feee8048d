using System.Globalization;
using System.Net;
using System.Text;

namespace ActressOnnx.Train.Audit;

/// <summary>Renders <c>report.html</c>: one self-contained page (inline CSS, thumbnails as data URIs, no script).</summary>
internal static class AuditReportHtml
{
    public const int MaxGroupsShown = 60;
    public const int MaxImagesShown = 120;

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1rem; color: #1f2328; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
        .meta { color: #57606a; margin-top: 0; } table { border-collapse: collapse; margin: .5rem 0; }
        th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; text-align: right; } th:first-child, td:first-child { text-align: left; } thead th { background: #f6f8fa; }
        .group { display: flex; flex-wrap: wrap; gap: .6rem; padding: .6rem; border: 1px solid #d0d7de; border-radius: 8px; margin-bottom: .6rem; }
        .group > b { width: 100%; font-size: .85rem; color: #57606a; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: .8rem; }
        figure { margin: 0; border: 1px solid #d0d7de; border-radius: 8px; overflow: hidden; width: 140px; } .grid figure { width: auto; }
        figure img { width: 100%; aspect-ratio: 1; object-fit: contain; background: #f6f8fa; image-rendering: pixelated; display: block; }
        figcaption { font-size: .8rem; padding: .35rem .5rem; line-height: 1.35; word-break: break-word; } .to { color: #cf222e; font-weight: 600; }
        @media (max-width: 640px) { .grid { grid-template-columns: repeat(2, 1fr); } figure { width: 45%; } body { padding: .6rem; } }
        """;

    public static string Render(AuditInput input, AuditResult result)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        var byPath = input.Images.ToDictionary(image => image.RelativePath, StringComparer.Ordinal);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>Audit: ").Append(Encode(Path.GetFileName(input.Root))).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n")
            .Append("<h1>Dataset audit</h1>\n<p class=\"meta\">Dataset <code>").Append(Encode(input.Root)).Append("</code>: ")
            .Append(Invariant($"{result.Audited} images audited, {result.Skipped} did not decode (see <code>verify</code>), classes "))
            .Append(Encode(string.Join(", ", input.Labels))).Append(". Every finding: <a href=\"").Append(AuditFile.IssuesFileName).Append("\">")
            .Append(AuditFile.IssuesFileName).Append("</a>.</p>\n");

        html.Append("<table id=\"summary\"><thead><tr><th>issue</th><th>images</th></tr></thead><tbody>");
        foreach (var (issue, count) in result.Counts())
        {
            html.Append("<tr><td>").Append(count > 0 ? $"<a href=\"#{issue}\">{issue}</a>" : issue).Append(Invariant($"</td><td>{count}</td></tr>"));
        }

        html.Append("</tbody></table>\n");
        foreach (var issue in AuditIssue.All)
        {
            var rows = result.Findings.Where(f => f.Issue == issue).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            html.Append("<h2 id=\"").Append(issue).Append("\">").Append(issue).Append(Invariant($" ({rows.Count})</h2>\n"));
            if (AuditIssue.IsDuplicate(issue))
            {
                AppendGroups(html, input, byPath, rows);
            }
            else
            {
                AppendGrid(html, input, byPath, rows);
            }
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendGroups(StringBuilder html, AuditInput input, Dictionary<string, AuditedImage> byPath, List<AuditFinding> rows)
    {
        var groups = rows.GroupBy(f => f.Group ?? string.Empty).ToList();
        foreach (var group in groups.Take(MaxGroupsShown))
        {
            html.Append("<div class=\"group\"><b>").Append(Encode(group.Key)).Append("</b>");
            foreach (var finding in group)
            {
                AppendFigure(html, input, byPath[finding.Path], Encode(finding.Path));
            }

            html.Append("</div>\n");
        }

        AppendMore(html, groups.Count - MaxGroupsShown, "groups");
    }

    private static void AppendGrid(StringBuilder html, AuditInput input, Dictionary<string, AuditedImage> byPath, List<AuditFinding> rows)
    {
        html.Append("<div class=\"grid\">");
        foreach (var finding in rows.Take(MaxImagesShown))
        {
            var caption = new StringBuilder(Encode(finding.Path)).Append(Invariant($"<br>score {finding.Score:F3}"));
            if (finding.Suggested is not null)
            {
                caption.Append("<br><span class=\"to\">→ ").Append(Encode(finding.Suggested)).Append(Invariant($"</span> p={finding.SuggestedProbability:F2}"));
            }

            AppendFigure(html, input, byPath[finding.Path], caption.ToString());
        }

        html.Append("</div>\n");
        AppendMore(html, rows.Count - MaxImagesShown, "images");
    }

    private static void AppendFigure(StringBuilder html, AuditInput input, AuditedImage image, string captionHtml) =>
        html.Append("<figure><img alt=\"").Append(Encode(image.RelativePath)).Append("\" src=\"").Append(Thumbnail.DataUri(input.GetPixels(image.Index), input.Size))
            .Append("\"><figcaption>").Append(captionHtml).Append("</figcaption></figure>");

    private static void AppendMore(StringBuilder html, int more, string what)
    {
        if (more > 0)
        {
            html.Append(Invariant($"<p class=\"meta\">{more} more {what} are listed in ")).Append(AuditFile.IssuesFileName).Append(".</p>\n");
        }
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}

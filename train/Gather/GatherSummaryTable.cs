using System.Globalization;
using Spectre.Console;

namespace ActressOnnx.Train.Gather;

/// <summary>The end-of-run table: per class found, downloaded, duplicates, too small, not an image, failed, kept.</summary>
internal static class GatherSummaryTable
{
    private static readonly string[] Headings = ["Found", "Downloaded", "Duplicates", "Too small", "Not an image", "Failed", "Kept"];

    public static Table Create(IReadOnlyList<ClassSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        // The Excluded column (licence outside --licence) appears only when something was excluded.
        var excluded = summaries.Any(s => s.Excluded > 0);
        var table = new Table().AddColumn("Class");
        foreach (var heading in Headings.Concat(excluded ? ["Excluded"] : []))
        {
            table.AddColumn(new TableColumn(heading).RightAligned());
        }

        foreach (var summary in summaries)
        {
            table.AddRow(Row(Markup.Escape(summary.ClassName), summary, excluded));
        }

        if (summaries.Count > 1)
        {
            var total = new ClassSummary(
                "Total",
                summaries.Sum(s => s.Found),
                summaries.Sum(s => s.Downloaded),
                summaries.Sum(s => s.Duplicates),
                summaries.Sum(s => s.TooSmall),
                summaries.Sum(s => s.NotAnImage),
                summaries.Sum(s => s.Failed),
                summaries.Sum(s => s.Kept))
            {
                Excluded = summaries.Sum(s => s.Excluded),
            };
            table.AddRow(Row("[bold]Total[/]", total, excluded));
        }

        return table;
    }

    private static string[] Row(string name, ClassSummary s, bool excluded) =>
        [name, .. new[] { s.Found, s.Downloaded, s.Duplicates, s.TooSmall, s.NotAnImage, s.Failed, s.Kept }.Concat(excluded ? [s.Excluded] : []).Select(n => n.ToString(CultureInfo.InvariantCulture))];
}

using System.Globalization;
using Spectre.Console;

namespace ActressOnnx.Train.Gather;

/// <summary>The end-of-run table: per class found, downloaded, duplicates, too small, not an image, failed, kept.</summary>
internal static class GatherSummaryTable
{
    public static Table Create(IReadOnlyList<ClassSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var table = new Table().AddColumn("Class");
        foreach (var heading in new[] { "Found", "Downloaded", "Duplicates", "Too small", "Not an image", "Failed", "Kept" })
        {
            table.AddColumn(new TableColumn(heading).RightAligned());
        }

        foreach (var summary in summaries)
        {
            table.AddRow(Row(Markup.Escape(summary.ClassName), summary));
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
                summaries.Sum(s => s.Kept));
            table.AddRow(Row("[bold]Total[/]", total));
        }

        return table;
    }

    private static string[] Row(string name, ClassSummary s) =>
        [name, .. new[] { s.Found, s.Downloaded, s.Duplicates, s.TooSmall, s.NotAnImage, s.Failed, s.Kept }.Select(n => n.ToString(CultureInfo.InvariantCulture))];
}

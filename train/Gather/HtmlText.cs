using System.Net;
using System.Text.RegularExpressions;

namespace ActressOnnx.Train.Gather;

/// <summary>Turns the small HTML fragments metadata comes in (a linked author name) into one line of plain text.</summary>
internal static partial class HtmlText
{
    /// <summary>The text of <paramref name="html"/> without tags, entities decoded, whitespace collapsed; null when nothing is left.</summary>
    public static string? ToPlain(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return null;
        }

        var text = WebUtility.HtmlDecode(Tags().Replace(html, " "));
        text = Whitespace().Replace(text, " ").Trim();
        return text.Length == 0 ? null : text;
    }

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}

using System.Text;
using System.Text.RegularExpressions;

namespace ActressOnnx.Functions.Tests.Packaging;

/// <summary>
/// Lists the external commands a bash script runs: the first word of every simple command, in pipelines, lists,
/// <c>$( )</c> substitutions (also inside double quotes) and subshells, skipping assignments, redirections, keywords,
/// builtins, the script's own functions, case patterns, here-document bodies, and commands named through a variable
/// (<c>"$tool"</c>: files the scripts install or build themselves). It reads the subset of bash our scripts use.
/// </summary>
internal static partial class ShellCommandScanner
{
    /// <summary>The external commands <paramref name="script"/> runs, sorted.</summary>
    public static IReadOnlyList<string> ExternalCommands(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var text = JoinContinuations(RemoveHereDocuments(script));
        var functions = FunctionDefinition().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal);
        new ShellListScanner(text, found).ScanList(0, text.Length);
        return [.. found.Where(c => !functions.Contains(c)).Order(StringComparer.Ordinal)];
    }

    private static string RemoveHereDocuments(string script)
    {
        var output = new StringBuilder();
        string? terminator = null;
        foreach (var line in script.Split('\n'))
        {
            if (terminator is not null)
            {
                if (line.Trim() == terminator)
                {
                    terminator = null;
                }

                continue;
            }

            output.Append(line).Append('\n');
            var hereDocument = HereDocument().Match(line);
            if (hereDocument.Success)
            {
                terminator = hereDocument.Groups[1].Value;
            }
        }

        return output.ToString();
    }

    private static string JoinContinuations(string text) => text.Replace("\\\n", " ", StringComparison.Ordinal);

    [GeneratedRegex(@"<<-?\s*['""]?([A-Za-z_]+)['""]?")]
    private static partial Regex HereDocument();

    [GeneratedRegex(@"(?m)^\s*(?:function\s+)?([A-Za-z_][A-Za-z0-9_-]*)\s*\(\)")]
    private static partial Regex FunctionDefinition();
}

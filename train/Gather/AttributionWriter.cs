using System.Globalization;
using System.Text;
using ActressOnnx.Train.IO;

namespace ActressOnnx.Train.Gather;

/// <summary>
/// Writes <c>DIR/ATTRIBUTION.md</c> from the manifests of a dataset: per class, every kept file still on disk with its
/// author, licence (linked to its text where known) and the page it came from, as the licences of shared images ask.
/// </summary>
internal static class AttributionWriter
{
    public const string FileName = "ATTRIBUTION.md";

    /// <summary>Writes the file (atomically) and says how many files it lists and how many of them have no known licence.</summary>
    /// <exception cref="InvalidDataException">A manifest is not readable.</exception>
    public static AttributionSummary Write(string outputDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        var text = new StringBuilder()
            .Append("# Attribution\n\n")
            .Append("The images of this dataset, per class: author, licence and the page each came from, as the provider reported them.\n")
            .Append("\"unknown\" means the provider did not say: such an image may not be yours to share; check its page first.\n");
        int files = 0, unknown = 0;
        var manifests = Directory.EnumerateFiles(outputDirectory, "*" + ClassManifest.FileSuffix).Order(StringComparer.Ordinal);
        foreach (var path in manifests)
        {
            var className = Path.GetFileName(path)[..^ClassManifest.FileSuffix.Length];
            var kept = ClassManifest.Load(path).Entries
                .Where(e => e is { Status: GatherStatus.Kept, File: { } file } && File.Exists(Path.Combine(outputDirectory, className, file)))
                .OrderBy(e => e.File, StringComparer.Ordinal)
                .ToList();
            text.Append(CultureInfo.InvariantCulture, $"\n## {Escape(className)}\n\n");
            if (kept.Count == 0)
            {
                text.Append("No images kept.\n");
            }

            foreach (var entry in kept)
            {
                files++;
                unknown += entry.Licence is null ? 1 : 0;
                text.Append(CultureInfo.InvariantCulture, $"- `{className}/{entry.File}`: ")
                    .Append(entry.Author is { } author ? "by " + Escape(author) : "author unknown")
                    .Append(", ")
                    .Append(Licence(entry))
                    .Append(", from ")
                    .Append(Link(entry.Source ?? entry.Url))
                    .Append('\n');
            }
        }

        var target = Path.Combine(outputDirectory, FileName);
        AtomicFile.Write(target, Encoding.UTF8.GetBytes(text.ToString()));
        return new AttributionSummary(target, files, unknown);
    }

    private static string Licence(ManifestEntry entry) => entry switch
    {
        { Licence: null } => "licence unknown",
        { Licence: { } name, LicenceUrl: { } url } when AbsoluteUrl(url) is { } link => $"[{Escape(name)}]({link})",
        { Licence: { } name } => Escape(name),
    };

    private static string Link(string url) => AbsoluteUrl(url) is { } link ? $"<{link}>" : Escape(url);

    /// <summary>An http(s) URL as Markdown can hold it (spaces and angle brackets percent-encoded), or null.</summary>
    private static string? AbsoluteUrl(string url)
    {
        // Wikimedia gives protocol-relative licence links ("//creativecommons.org/...").
        var text = url.StartsWith("//", StringComparison.Ordinal) ? "https:" + url : url;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.AbsoluteUri.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)
            : null;
    }

    /// <summary>Text that Markdown shows as it is: its markup characters escaped, on one line.</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                escaped.Append(' ');
                continue;
            }

            if ("\\`*_[]<>|#".Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}

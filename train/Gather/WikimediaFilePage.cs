using System.Text.Json;

namespace ActressOnnx.Train.Gather;

/// <summary>
/// One File page of a MediaWiki <c>query</c> answer (formatversion=2) with its <c>imageinfo</c>: the rendition to
/// download, the description page, the MIME type, and licence and author from <c>extmetadata</c>.
/// </summary>
internal sealed record WikimediaFilePage(string Title, int Index, bool HasImageInfo, ImageCandidate Candidate)
{
    /// <summary>Reads a page of <c>query.pages</c>; <paramref name="wikiBase"/> makes the page URL of a file that has no image info.</summary>
    public static WikimediaFilePage? Read(JsonElement page, string wikiBase)
    {
        if (page.ValueKind != JsonValueKind.Object || ReadString(page, "title") is not { } title)
        {
            return null;
        }

        var index = page.TryGetProperty("index", out var i) && i.ValueKind == JsonValueKind.Number && i.TryGetInt32(out var n) ? n : int.MaxValue;
        if (!page.TryGetProperty("imageinfo", out var infos) || infos.ValueKind != JsonValueKind.Array || infos.GetArrayLength() == 0
            || infos[0] is not { ValueKind: JsonValueKind.Object } info || (ReadString(info, "thumburl") ?? ReadString(info, "url")) is not { } url)
        {
            var pageUrl = $"{wikiBase}/wiki/{Uri.EscapeDataString(title.Replace(' ', '_')).Replace("%3A", ":", StringComparison.Ordinal)}";
            var why = page.TryGetProperty("missing", out _) ? "the file does not exist (deleted?)" : "no image information (the file may be deleted or hidden)";
            return new WikimediaFilePage(title, index, false, new ImageCandidate(pageUrl) { Source = pageUrl, Problem = $"Wikimedia Commons gave {why} for {title}" });
        }

        var meta = info.TryGetProperty("extmetadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var mime = ReadString(info, "mime");
        var source = ReadString(info, "descriptionurl");
        var usable = mime is null || mime.StartsWith("image/", StringComparison.Ordinal);
        var candidate = new ImageCandidate(usable ? url : source ?? url)
        {
            Source = source,
            Licence = Meta(meta, "LicenseShortName") ?? Meta(meta, "License"),
            LicenceUrl = Meta(meta, "LicenseUrl"),
            Author = Meta(meta, "Artist"),
            Problem = usable ? null : $"{title} is not an image file ({mime})",
        };
        return new WikimediaFilePage(title, index, true, candidate);
    }

    /// <summary>An extmetadata field as plain text (its values are HTML: authors often come as links).</summary>
    private static string? Meta(JsonElement meta, string name) =>
        meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty(name, out var field) && field.ValueKind == JsonValueKind.Object
            ? HtmlText.ToPlain(ReadString(field, "value"))
            : null;

    private static string? ReadString(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}

namespace ActressOnnx.Train.Gather;

/// <summary>One image a source offers: the URL to download, and what the source knows about it.</summary>
/// <param name="Url">
/// The image to download (a scaled rendition where the source offers one). When <see cref="Problem"/> is set there is
/// nothing to download and this is the page of the file instead, so the manifest still has one row per offered file.
/// </param>
internal sealed record ImageCandidate(string Url)
{
    /// <summary>The page the image is on (search providers) or its file description page (Wikimedia Commons).</summary>
    public string? Source { get; init; }

    /// <summary>The licence as the source names it (e.g. "CC BY-SA 4.0"); null when the source does not say.</summary>
    public string? Licence { get; init; }

    /// <summary>Where the licence text is; null when the source does not say.</summary>
    public string? LicenceUrl { get; init; }

    /// <summary>The author or credit line as plain text; null when the source does not say.</summary>
    public string? Author { get; init; }

    /// <summary>Why the source offers this file but no image to download; null when there is one.</summary>
    public string? Problem { get; init; }

    /// <summary><paramref name="entry"/> with what the source knows about the image (licence, author, source page).</summary>
    public ManifestEntry Describe(ManifestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry with { Licence = Licence, LicenceUrl = LicenceUrl, Author = Author, Source = Source };
    }
}

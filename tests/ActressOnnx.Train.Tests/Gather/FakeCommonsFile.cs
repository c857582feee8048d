namespace ActressOnnx.Train.Tests.Gather;

/// <summary>A file on the fake Wikimedia Commons: its title, the URL of its rendition, and its licence and author metadata.</summary>
/// <param name="Title">The page title, "File:NAME.jpg".</param>
/// <param name="ThumbUrl">The scaled rendition the API points to (a URL the fake web serves).</param>
/// <param name="Licence">extmetadata LicenseShortName, or null when the file has none.</param>
/// <param name="ArtistHtml">extmetadata Artist (HTML, often a link), or null.</param>
internal sealed record FakeCommonsFile(string Title, string ThumbUrl, string? Licence = "CC BY-SA 4.0", string? ArtistHtml = null)
{
    /// <summary>extmetadata LicenseUrl (Commons gives protocol-relative links).</summary>
    public string? LicenceUrl { get; init; } = "//creativecommons.org/licenses/by-sa/4.0";

    /// <summary>The page comes without imageinfo, as for a deleted or hidden file.</summary>
    public bool NoImageInfo { get; init; }

    public string Mime { get; init; } = "image/jpeg";
}

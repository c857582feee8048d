using System.Text.Json.Serialization;

namespace ActressOnnx.Train.Gather;

/// <summary>One row of a class manifest: what happened to one image URL.</summary>
/// <param name="Url">The image URL as the source gave it.</param>
/// <param name="Query">The search query (or URL file) it came from.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the downloaded bytes; null when nothing was downloaded.</param>
/// <param name="Bytes">Downloaded size; null when nothing was downloaded.</param>
/// <param name="Width">Width from the image header, when readable.</param>
/// <param name="Height">Height from the image header, when readable.</param>
/// <param name="Status">The outcome.</param>
/// <param name="Reason">Why it was not kept; null when kept.</param>
/// <param name="File">The stored file name (kept), or the stored file it duplicates (duplicate).</param>
/// <param name="Note">
/// A warning about a kept image, or null (and then absent from the JSON, so older manifests read the same):
/// <c>duplicate-of-other-class: CLASS/FILE, ...</c> when the same bytes are kept in another class too.
/// </param>
/// <param name="PerceptualHash">64-bit perceptual hash (hex) of a kept image, to find near-duplicates on later runs; absent in older manifests.</param>
/// <remarks>
/// What the source knows about the image (<see cref="Licence"/>, <see cref="LicenceUrl"/>, <see cref="Author"/>,
/// <see cref="Source"/>) is absent from the JSON when unknown, so manifests written before these columns read the same.
/// </remarks>
internal sealed record ManifestEntry(
    string Url,
    string Query,
    string? Sha256,
    long? Bytes,
    int? Width,
    int? Height,
    GatherStatus Status,
    string? Reason,
    string? File,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PerceptualHash = null)
{
    /// <summary>The licence as the source names it (e.g. "CC BY-SA 4.0"), when it says.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Licence { get; init; }

    /// <summary>Where the licence text is, when the source says.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LicenceUrl { get; init; }

    /// <summary>The author or credit line, when the source says.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Author { get; init; }

    /// <summary>The page the image is on (or its file page), when the source says.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }
}

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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PerceptualHash = null);

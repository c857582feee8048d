using ActressOnnx.Train.Report;

namespace ActressOnnx.Train.Clean;

/// <summary>One image on the cleaner page: where it is, what the model made of it, and its fingerprint when scored.</summary>
/// <param name="Id">The page's handle for the image; the server never takes a path from the page.</param>
/// <param name="RelativePath">Relative to the dataset folder, '/' separated (<c>CLASS/FILE</c>).</param>
/// <param name="Label">The class folder it is in.</param>
/// <param name="Split"><see cref="SplitNames.Train"/> or <see cref="SplitNames.Valid"/>; null for an image that does not decode (shown in both).</param>
/// <param name="Predicted">Null when the image does not decode.</param>
/// <param name="Probability">Of <paramref name="Predicted"/>.</param>
/// <param name="Loss">Cross-entropy of the image; null when it does not decode (listed first).</param>
/// <param name="DecodeError">Why the image does not decode; null when it does.</param>
internal sealed record CleanItem(
    int Id,
    string RelativePath,
    string Label,
    string? Split,
    string? Predicted,
    double? Probability,
    double? Loss,
    string? DecodeError,
    FileFingerprint Fingerprint)
{
    public string FileName => RelativePath[(RelativePath.IndexOf('/', StringComparison.Ordinal) + 1)..];
}

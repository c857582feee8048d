using ActressOnnx.Imaging;

namespace ActressOnnx.Train.Gather;

/// <summary>The verdict on some bytes: usable, too small or not an image, with what the header said.</summary>
/// <param name="Status"><see cref="GatherStatus.Kept"/> when usable, else <see cref="GatherStatus.TooSmall"/> or <see cref="GatherStatus.NotAnImage"/>.</param>
/// <param name="Info">The header, when it could be read.</param>
/// <param name="Reason">Why it is not usable, or null.</param>
/// <param name="Hash">The perceptual hash of a usable image (as <c>audit</c> computes it), or null.</param>
internal sealed record ImageCheck(GatherStatus Status, ImageInfo? Info, string? Reason, ulong? Hash = null);

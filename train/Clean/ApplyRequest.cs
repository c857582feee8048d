namespace ActressOnnx.Train.Clean;

/// <summary>What the page asks to change: the page's <see cref="Version"/> and one change per image not kept.</summary>
internal sealed record ApplyRequest(int Version, IReadOnlyList<ImageChange> Changes);

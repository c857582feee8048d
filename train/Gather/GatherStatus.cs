namespace ActressOnnx.Train.Gather;

/// <summary>What became of one image URL.</summary>
internal enum GatherStatus
{
    /// <summary>Stored in the class folder.</summary>
    Kept,

    /// <summary>The same bytes are already stored for this class (found under another URL).</summary>
    Duplicate,

    /// <summary>Looks like an image already kept for this class (a resized, re-encoded or lightly edited copy; see <c>audit</c>).</summary>
    NearDuplicate,

    /// <summary>Decodes, but one side is below the minimum.</summary>
    TooSmall,

    /// <summary>Downloaded, but the bytes are not an image the shared decoder reads.</summary>
    NotAnImage,

    /// <summary>Not downloaded: HTTP error, timeout, size limit, unusable URL or redirect.</summary>
    Failed,

    /// <summary>Not downloaded: its licence is outside <c>--licence</c> (or unknown). Looked at again on every run, as the filter may change.</summary>
    Excluded,
}

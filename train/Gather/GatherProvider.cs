namespace ActressOnnx.Train.Gather;

/// <summary>Where <c>gather</c> gets image URLs from.</summary>
internal enum GatherProvider
{
    /// <summary>Bing Image Search v7 protocol (retired by Microsoft on 2025-08-11; kept for compatible endpoints).</summary>
    Bing,

    /// <summary>Brave Search image API.</summary>
    Brave,

    /// <summary>A text file of image URLs per class.</summary>
    Urls,
}

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

    /// <summary>DuckDuckGo image search through its web page's interface: no key, unofficial (it may refuse or change).</summary>
    Ddg,

    /// <summary>Wikimedia Commons through the MediaWiki API: no key, a licence and author for every file.</summary>
    Wikimedia,
}

namespace ActressOnnx.Train.Gather;

/// <summary>Produces candidate images for a query, best first, with what the source knows about each (page, licence, author).</summary>
internal interface IImageUrlSource
{
    /// <summary>
    /// Yields up to <paramref name="maxResults"/> images for <paramref name="query"/>, fetching more
    /// (further pages) only as the caller asks for them.
    /// </summary>
    /// <exception cref="ImageSearchException">The source refused the request or answered with something unreadable.</exception>
    IAsyncEnumerable<ImageCandidate> FindImageUrlsAsync(string query, int maxResults, CancellationToken cancellationToken);
}

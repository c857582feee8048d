namespace ActressOnnx.Train.Gather;

/// <summary>Produces candidate image URLs for a query, best first.</summary>
internal interface IImageUrlSource
{
    /// <summary>
    /// Yields up to <paramref name="maxResults"/> image URLs for <paramref name="query"/>, fetching more
    /// (further pages) only as the caller asks for them.
    /// </summary>
    /// <exception cref="ImageSearchException">The source refused the request or answered with something unreadable.</exception>
    IAsyncEnumerable<string> FindImageUrlsAsync(string query, int maxResults, CancellationToken cancellationToken);
}

using System.Runtime.CompilerServices;

namespace ActressOnnx.Train.Gather;

/// <summary>Reads image URLs from a text file (the class's "query" is the file path): one URL per line, blank lines and lines starting with '#' ignored.</summary>
internal sealed class UrlListImageSource : IImageUrlSource
{
    public async IAsyncEnumerable<ImageCandidate> FindImageUrlsAsync(string query, int maxResults, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ImageSearchException($"URL file '{Path.GetFullPath(query)}' does not exist; write one image URL per line there.", ex);
        }

        var yielded = 0;
        foreach (var line in lines)
        {
            var url = line.Trim();
            if (url.Length == 0 || url.StartsWith('#'))
            {
                continue;
            }

            if (yielded++ >= maxResults)
            {
                yield break;
            }

            yield return new ImageCandidate(url);
        }
    }
}

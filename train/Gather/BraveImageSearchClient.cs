using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ActressOnnx.Train.Gather;

/// <summary>Speaks the Brave Search image API; one request returns up to <see cref="MaxCount"/> results (no paging).</summary>
internal sealed class BraveImageSearchClient(HttpClient httpClient, Uri endpoint, string key) : IImageUrlSource
{
    /// <summary>The environment variable the key is read from.</summary>
    public const string KeyVariable = "BRAVE_SEARCH_KEY";

    /// <summary>The public endpoint.</summary>
    public static readonly Uri DefaultEndpoint = new("https://api.search.brave.com");

    /// <summary>The most results one request may ask for.</summary>
    public const int MaxCount = 200;

    public async IAsyncEnumerable<ImageCandidate> FindImageUrlsAsync(string query, int maxResults, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = Math.Clamp(maxResults, 1, MaxCount);
        var uri = new Uri(string.Create(
            CultureInfo.InvariantCulture,
            $"{endpoint.AbsoluteUri.TrimEnd('/')}/res/v1/images/search?q={Uri.EscapeDataString(query)}&count={count}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add("X-Subscription-Token", key);
        request.Headers.Add("Accept", "application/json");

        var urls = new List<ImageCandidate>();
        using (var json = await SearchResponses.GetJsonAsync(httpClient, request, "Brave", KeyVariable, ReadError, cancellationToken).ConfigureAwait(false))
        {
            if (json.RootElement.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
            {
                foreach (var result in results.EnumerateArray())
                {
                    // results[].url is the page the image is on; the image itself is properties.url.
                    if (result.ValueKind == JsonValueKind.Object
                        && result.TryGetProperty("properties", out var properties)
                        && properties.ValueKind == JsonValueKind.Object
                        && properties.TryGetProperty("url", out var url)
                        && url.ValueKind == JsonValueKind.String
                        && url.GetString() is { Length: > 0 } imageUrl)
                    {
                        var page = result.TryGetProperty("url", out var pageUrl) && pageUrl.ValueKind == JsonValueKind.String ? pageUrl.GetString() : null;
                        urls.Add(new ImageCandidate(imageUrl) { Source = string.IsNullOrEmpty(page) ? null : page });
                    }
                }
            }
        }

        foreach (var url in urls.Take(maxResults))
        {
            yield return url;
        }
    }

    private static string? ReadError(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("type", out var type)
            || type.ValueKind != JsonValueKind.String
            || type.GetString() != "ErrorResponse")
        {
            return null;
        }

        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in new[] { "detail", "code" })
            {
                if (error.TryGetProperty(field, out var text) && text.ValueKind == JsonValueKind.String && text.GetString() is { Length: > 0 } message)
                {
                    return message;
                }
            }
        }

        return "ErrorResponse without details";
    }
}

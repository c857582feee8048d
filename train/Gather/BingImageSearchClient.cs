using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ActressOnnx.Train.Gather;

/// <summary>
/// Speaks the Bing Image Search v7 protocol. Microsoft retired the public Bing Search APIs on 2025-08-11;
/// the client stays for endpoints that speak the same protocol.
/// </summary>
internal sealed class BingImageSearchClient(HttpClient httpClient, Uri endpoint, string key) : IImageUrlSource
{
    /// <summary>The environment variable the key is read from.</summary>
    public const string KeyVariable = "AZURE_SEARCH_KEY";

    /// <summary>The public endpoint (retired).</summary>
    public static readonly Uri DefaultEndpoint = new("https://api.bing.microsoft.com");

    /// <summary>The most results the protocol returns per request.</summary>
    public const int MaxCountPerRequest = 150;

    public async IAsyncEnumerable<ImageCandidate> FindImageUrlsAsync(string query, int maxResults, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var offset = 0;
        var yielded = 0;
        while (yielded < maxResults)
        {
            var count = Math.Min(MaxCountPerRequest, maxResults - yielded);
            var (urls, nextOffset) = await GetPageAsync(query, count, offset, cancellationToken).ConfigureAwait(false);
            foreach (var candidate in urls)
            {
                yield return candidate;
                if (++yielded >= maxResults)
                {
                    yield break;
                }
            }

            // Paging follows nextOffset; a missing or non-advancing one means there are no more pages.
            if (urls.Count == 0 || nextOffset is not { } next || next <= offset)
            {
                yield break;
            }

            offset = next;
        }
    }

    private async Task<(List<ImageCandidate> Urls, int? NextOffset)> GetPageAsync(string query, int count, int offset, CancellationToken cancellationToken)
    {
        var uri = new Uri(string.Create(
            CultureInfo.InvariantCulture,
            $"{endpoint.AbsoluteUri.TrimEnd('/')}/v7.0/images/search?q={Uri.EscapeDataString(query)}&count={count}&offset={offset}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add("Ocp-Apim-Subscription-Key", key);
        using var json = await SearchResponses.GetJsonAsync(httpClient, request, "Bing", KeyVariable, ReadError, cancellationToken).ConfigureAwait(false);

        var root = json.RootElement;
        var urls = new List<ImageCandidate>();
        if (root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
        {
            foreach (var image in value.EnumerateArray())
            {
                if (image.ValueKind == JsonValueKind.Object
                    && image.TryGetProperty("contentUrl", out var contentUrl)
                    && contentUrl.ValueKind == JsonValueKind.String
                    && contentUrl.GetString() is { Length: > 0 } url)
                {
                    urls.Add(new ImageCandidate(url) { Source = ReadString(image, "hostPageUrl") });
                }
            }
        }

        int? nextOffset = root.TryGetProperty("nextOffset", out var next) && next.ValueKind == JsonValueKind.Number && next.TryGetInt32(out var n) ? n : null;
        return (urls, nextOffset);
    }

    private static string? ReadString(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static string? ReadError(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("_type", out var type)
            || type.ValueKind != JsonValueKind.String
            || type.GetString() != "ErrorResponse")
        {
            return null;
        }

        var messages = new List<string>();
        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            foreach (var error in errors.EnumerateArray())
            {
                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    messages.Add(message.GetString()!);
                }
            }
        }

        return messages.Count > 0 ? string.Join("; ", messages) : "ErrorResponse without details";
    }
}

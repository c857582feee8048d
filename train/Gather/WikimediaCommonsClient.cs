using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace ActressOnnx.Train.Gather;

/// <summary>
/// Searches Wikimedia Commons through the MediaWiki Action API: a full-text search of the File namespace (6) as the
/// generator, <c>imageinfo</c> for each file (the URL of a rendition <see cref="ThumbnailWidth"/> pixels wide, the
/// description page, size, MIME type and <c>extmetadata</c> licence and author), <c>continue</c> paging, and
/// <c>maxlag</c>: when the servers are lagged the API answers error <c>maxlag</c> and a Retry-After, and the client
/// waits that long before trying again. Requests go one at a time, with the User-Agent of <see cref="GatherHttpOptions"/>.
/// </summary>
internal sealed class WikimediaCommonsClient : IImageUrlSource
{
    /// <summary>The public wiki.</summary>
    public static readonly Uri DefaultEndpoint = new("https://commons.wikimedia.org");

    /// <summary>The rendition width asked for by default.</summary>
    public const int DefaultThumbnailWidth = 1024;

    /// <summary>Seconds of database lag the API may have before it asks the client to wait (the value Wikimedia recommends).</summary>
    public const int MaxLagSeconds = 5;

    /// <summary>Files asked for per request.</summary>
    public const int MaxBatch = 50;

    private const string Provider = "Wikimedia Commons";

    private readonly HttpClient _httpClient;
    private readonly string _base;
    private readonly GatherHttpOptions _http;
    private readonly Action<RetryNotice>? _onRetry;

    /// <param name="httpClient">The search client from <see cref="GatherHttpClients"/>.</param>
    /// <param name="endpoint">The wiki (its API is <c>/w/api.php</c> there), <see cref="DefaultEndpoint"/> or a fake.</param>
    /// <param name="thumbnailWidth">Width of the rendition to download; smaller originals come as they are.</param>
    /// <param name="http">Retries for maxlag answers (and the longest wait).</param>
    /// <param name="onRetry">Told before a lagged request is tried again.</param>
    public WikimediaCommonsClient(HttpClient httpClient, Uri endpoint, int thumbnailWidth, GatherHttpOptions http, Action<RetryNotice>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentOutOfRangeException.ThrowIfLessThan(thumbnailWidth, 1);
        _httpClient = httpClient;
        _base = endpoint.AbsoluteUri.TrimEnd('/');
        ThumbnailWidth = thumbnailWidth;
        _http = http;
        _onRetry = onRetry;
    }

    public int ThumbnailWidth { get; }

    public async IAsyncEnumerable<ImageCandidate> FindImageUrlsAsync(string query, int maxResults, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(maxResults, 1, MaxBatch);
        var continuation = new List<KeyValuePair<string, string>> { new("continue", string.Empty) };
        var batch = new Dictionary<string, WikimediaFilePage>(StringComparer.Ordinal);
        var yielded = 0;
        while (true)
        {
            var (pages, batchComplete, next) = await QueryAsync(query, limit, continuation, cancellationToken).ConfigureAwait(false);

            // A batch can span answers (imageinfo continues where the answer grew too large): a page may come first
            // without its imageinfo and later with it. Files are handed out once the batch is complete.
            foreach (var page in pages)
            {
                if (!batch.TryGetValue(page.Title, out var known) || (!known.HasImageInfo && page.HasImageInfo))
                {
                    batch[page.Title] = page;
                }
            }

            if (batchComplete || next is null)
            {
                foreach (var page in batch.Values.OrderBy(p => p.Index))
                {
                    yield return page.Candidate;
                    if (++yielded >= maxResults)
                    {
                        yield break;
                    }
                }

                batch.Clear();
            }

            if (next is null)
            {
                yield break;
            }

            continuation = next;
        }
    }

    private async Task<(List<WikimediaFilePage> Pages, bool BatchComplete, List<KeyValuePair<string, string>>? Next)> QueryAsync(
        string query, int limit, List<KeyValuePair<string, string>> continuation, CancellationToken cancellationToken)
    {
        var uri = QueryUri(query, limit, continuation);
        for (var attempt = 0; ; attempt++)
        {
            SearchAnswer answer;
            using (var request = new HttpRequestMessage(HttpMethod.Get, uri))
            {
                answer = await SearchResponses.ReadAsync(_httpClient, request, Provider, cancellationToken).ConfigureAwait(false);
            }

            using var json = Parse(answer);
            var root = json.RootElement;
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var code = ReadString(error, "code") ?? "unknown";
                var info = ReadString(error, "info") ?? "no details";
                if (code != "maxlag")
                {
                    throw new ImageSearchException($"{Provider} refused the search for \"{query}\": {code}: {info.TrimEnd('.')}.");
                }

                if (attempt >= _http.MaxRetries)
                {
                    throw new ImageSearchException(
                        $"{Provider} is too busy (database lag over {MaxLagSeconds} s: {info.TrimEnd('.')}) even after {attempt} retries; what was gathered is kept: run again in a few minutes.");
                }

                // The API says how long to wait (Retry-After); it asks for at least 5 s when it does not.
                var delay = answer.RetryAfter ?? TimeSpan.FromSeconds(MaxLagSeconds);
                delay = delay > _http.MaxRetryDelay ? _http.MaxRetryDelay : delay;
                _onRetry?.Invoke(new RetryNotice(uri.ToString(), attempt, delay, "maxlag: " + info));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var pages = new List<WikimediaFilePage>();
            if (root.TryGetProperty("query", out var result) && result.TryGetProperty("pages", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (WikimediaFilePage.Read(item, _base) is { } page)
                    {
                        pages.Add(page);
                    }
                }
            }

            var batchComplete = root.TryGetProperty("batchcomplete", out var complete) && complete.ValueKind is not (JsonValueKind.False or JsonValueKind.Null);
            List<KeyValuePair<string, string>>? next = null;
            if (root.TryGetProperty("continue", out var more) && more.ValueKind == JsonValueKind.Object)
            {
                // Every value of "continue" goes back as it is, as the API asks.
                next = [.. more.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))];
            }

            return (pages, batchComplete, next);
        }
    }

    private Uri QueryUri(string query, int limit, List<KeyValuePair<string, string>> continuation)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("action", "query"),
            new("format", "json"),
            new("formatversion", "2"),
            new("generator", "search"),
            new("gsrsearch", query + " filetype:bitmap"),
            new("gsrnamespace", "6"),
            new("gsrlimit", limit.ToString(CultureInfo.InvariantCulture)),
            new("prop", "imageinfo"),
            new("iiprop", "url|size|mime|extmetadata"),
            new("iiurlwidth", ThumbnailWidth.ToString(CultureInfo.InvariantCulture)),
            new("iiextmetadatafilter", "LicenseShortName|License|LicenseUrl|Artist"),
            new("maxlag", MaxLagSeconds.ToString(CultureInfo.InvariantCulture)),
        };
        parameters.AddRange(continuation);
        var text = new StringBuilder(_base).Append("/w/api.php");
        for (var i = 0; i < parameters.Count; i++)
        {
            text.Append(i == 0 ? '?' : '&').Append(Uri.EscapeDataString(parameters[i].Key)).Append('=').Append(Uri.EscapeDataString(parameters[i].Value));
        }

        return new Uri(text.ToString());
    }

    private static JsonDocument Parse(SearchAnswer answer)
    {
        if (answer.Status == HttpStatusCode.Forbidden)
        {
            throw new ImageSearchException(
                $"{Provider} refused the request (HTTP 403); its User-Agent policy blocks clients that give no way to reach their operator: pass --contact with your e-mail address or a URL.");
        }

        if (!answer.IsSuccess)
        {
            throw new ImageSearchException($"{Provider} search failed with HTTP {(int)answer.Status}; run again later (what was gathered is kept).");
        }

        var json = SearchResponses.TryParse(answer.Body);
        if (json is null || json.RootElement.ValueKind != JsonValueKind.Object)
        {
            json?.Dispose();
            throw new ImageSearchException($"{Provider} answered with something that is not a JSON object; check --wikimedia-endpoint (the wiki, without /w/api.php).");
        }

        return json;
    }

    private static string? ReadString(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}

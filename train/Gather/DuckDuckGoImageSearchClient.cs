using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ActressOnnx.Train.Gather;

/// <summary>
/// DuckDuckGo image search through the interface its own web page uses (unofficial, undocumented, may change or refuse
/// without notice): the search page carries a <c>vqd</c> token, and <c>i.js</c> answers JSON pages of results with a
/// <c>next</c> link whose <c>s</c> is the next offset. Requests are paced (<see cref="RequestPacer"/>); a 403 (how it
/// refuses bursts) is retried after a growing wait, and a refusal that persists ends the search with one line.
/// </summary>
internal sealed partial class DuckDuckGoImageSearchClient : IImageUrlSource
{
    /// <summary>The public site.</summary>
    public static readonly Uri DefaultEndpoint = new("https://duckduckgo.com");

    /// <summary>The least time between two requests by default: one per second.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    private const string Provider = "DuckDuckGo";
    private const string Instead = "use --provider wikimedia (no key, official API)";

    private readonly HttpClient _httpClient;
    private readonly string _base;
    private readonly bool _safeSearch;
    private readonly RequestPacer _pacer;
    private readonly GatherHttpOptions _http;
    private readonly Action<RetryNotice>? _onRetry;

    /// <param name="httpClient">The search client from <see cref="GatherHttpClients"/> (it retries 429 and 5xx).</param>
    /// <param name="endpoint">The site, <see cref="DefaultEndpoint"/> or a fake.</param>
    /// <param name="safeSearch">Ask for safe search (on unless the user turns it off).</param>
    /// <param name="pacer">Spaces the requests.</param>
    /// <param name="http">Retries and backoff for refusals (403).</param>
    /// <param name="onRetry">Told before a refused request is tried again.</param>
    public DuckDuckGoImageSearchClient(HttpClient httpClient, Uri endpoint, bool safeSearch, RequestPacer pacer, GatherHttpOptions http, Action<RetryNotice>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(pacer);
        ArgumentNullException.ThrowIfNull(http);
        _httpClient = httpClient;
        _base = endpoint.AbsoluteUri.TrimEnd('/');
        _safeSearch = safeSearch;
        _pacer = pacer;
        _http = http;
        _onRetry = onRetry;
    }

    public async IAsyncEnumerable<ImageCandidate> FindImageUrlsAsync(string query, int maxResults, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var token = await GetTokenAsync(query, cancellationToken).ConfigureAwait(false);
        var yielded = 0;
        int? offset = null;
        for (var pages = 0; yielded < maxResults; pages++)
        {
            var (results, next) = await GetPageAsync(query, token, offset, pages, cancellationToken).ConfigureAwait(false);
            foreach (var candidate in results)
            {
                yield return candidate;
                if (++yielded >= maxResults)
                {
                    yield break;
                }
            }

            // An empty page, no next link, or one that does not move forward: there is no more.
            if (results.Count == 0 || next is not { } nextOffset || nextOffset <= (offset ?? 0))
            {
                yield break;
            }

            offset = nextOffset;
        }
    }

    private async Task<string> GetTokenAsync(string query, CancellationToken cancellationToken)
    {
        var uri = new Uri($"{_base}/?q={Uri.EscapeDataString(query)}&iax=images&ia=images");
        var answer = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), query, "its search page", 0, cancellationToken).ConfigureAwait(false);
        var match = TokenPattern().Match(answer.Body);
        return match.Success
            ? match.Groups["token"].Value
            : throw new ImageSearchException(
                $"{Provider}'s search page for \"{query}\" carried no vqd token, which its image search needs: the page may have changed or DuckDuckGo is refusing automated requests. Try again later, or {Instead}.");
    }

    private async Task<(List<ImageCandidate> Results, int? Next)> GetPageAsync(string query, string token, int? offset, int pages, CancellationToken cancellationToken)
    {
        var uri = new Uri(string.Create(
            CultureInfo.InvariantCulture,
            $"{_base}/i.js?l=wt-wt&o=json&q={Uri.EscapeDataString(query)}&vqd={Uri.EscapeDataString(token)}&f=,,,,,&p={(_safeSearch ? "1" : "-1")}{(offset is { } s ? $"&s={s}" : string.Empty)}"));
        HttpRequestMessage Create()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Referrer = new Uri(_base + "/");
            request.Headers.Accept.ParseAdd("application/json");
            return request;
        }

        var answer = await SendAsync(Create, query, "its image search", pages, cancellationToken).ConfigureAwait(false);
        using var json = SearchResponses.TryParse(answer.Body);
        if (json is null || json.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ImageSearchException($"{Provider}'s image search answered with something that is not a JSON object (the unofficial interface may have changed); {Instead}, or check --ddg-endpoint.");
        }

        var results = new List<ImageCandidate>();
        if (json.RootElement.TryGetProperty("results", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                // "image" is the picture itself; "url" the page it is on; "thumbnail" a DuckDuckGo proxy copy, not used.
                if (item.ValueKind == JsonValueKind.Object && ReadString(item, "image") is { } image)
                {
                    results.Add(new ImageCandidate(image) { Source = ReadString(item, "url") });
                }
            }
        }

        int? next = ReadString(json.RootElement, "next") is { } link && NextOffsetPattern().Match(link) is { Success: true } m
            && int.TryParse(m.Groups["s"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        return (results, next);
    }

    /// <summary>Sends a paced request; a refusal (403, or 429 the client's pipeline could not get past) is retried after a growing wait, then ends the search.</summary>
    private async Task<SearchAnswer> SendAsync(Func<HttpRequestMessage> create, string query, string what, int pages, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await _pacer.WaitAsync(cancellationToken).ConfigureAwait(false);
            SearchAnswer answer;
            Uri uri;
            using (var request = create())
            {
                uri = request.RequestUri!;
                answer = await SearchResponses.ReadAsync(_httpClient, request, Provider, cancellationToken).ConfigureAwait(false);
            }

            if (answer.IsSuccess)
            {
                return answer;
            }

            var code = (int)answer.Status;
            if (answer.Status is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
            {
                throw new ImageSearchException($"{Provider}'s {what} failed with HTTP {code} (an unofficial interface: it may have changed). Try again later, or {Instead}.");
            }

            // 429 was already retried by the client's pipeline; 403 is how DuckDuckGo refuses bursts, so wait and try again.
            if (answer.Status == HttpStatusCode.Forbidden && attempt < _http.MaxRetries)
            {
                var delay = answer.RetryAfter ?? _http.RetryBaseDelay * Math.Pow(2, attempt);
                delay = delay > _http.MaxRetryDelay ? _http.MaxRetryDelay : delay;
                _onRetry?.Invoke(new RetryNotice(uri.ToString(), attempt, delay, "HTTP 403"));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var after = pages > 0 ? string.Create(CultureInfo.InvariantCulture, $" after {pages} page{(pages == 1 ? "" : "s")}") : string.Empty;
            throw new ImageSearchException(
                $"{Provider} refused {what} for \"{query}\" (HTTP {code}){after}: it limits automated use of this unofficial interface. Images gathered so far are kept: wait a few minutes and run again, or {Instead}.");
        }
    }

    private static string? ReadString(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>The token in the search page: <c>vqd="..."</c>, <c>vqd='...'</c> or <c>vqd=...&amp;</c>.</summary>
    [GeneratedRegex("""vqd=(?:"(?<token>[\w-]+)"|'(?<token>[\w-]+)'|(?<token>[\w-]+)&)""", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    [GeneratedRegex("""(?:^|[?&])s=(?<s>\d+)""", RegexOptions.CultureInvariant)]
    private static partial Regex NextOffsetPattern();
}

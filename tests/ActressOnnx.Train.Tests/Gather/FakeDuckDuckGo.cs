using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace ActressOnnx.Train.Tests.Gather;

/// <summary>
/// DuckDuckGo's image search as its web page uses it: the search page (<c>/?q=</c>) carries the <c>vqd</c> token,
/// <c>/i.js</c> answers JSON pages of results (image, page, title) with a <c>next</c> link carrying the next offset
/// <c>s</c>, and refuses (403) a request without the token or the Referer, or after <see cref="ForbidAfterPages"/> pages.
/// </summary>
internal sealed class FakeDuckDuckGo
{
    public const string Token = "4-211718472951063788953112204436815474281";

    private int _pagesServed;

    /// <summary>The search page; by default it carries the token as the site's script does (<c>vqd="..."</c>).</summary>
    public string SearchPage { get; set; } =
        $$"""<!DOCTYPE html><html><head><title>cats at DuckDuckGo</title></head><body><script>DDG.deep.initialize('/d.js?q=cats&l=us-en&s=0&vqd="{{Token}}"&p=1');</script></body></html>""";

    /// <summary>Results per <c>i.js</c> page.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>After this many result pages every <c>i.js</c> request is refused with 403, as DuckDuckGo refuses bursts.</summary>
    public int? ForbidAfterPages { get; set; }

    /// <summary>When each request arrived (search page and <c>i.js</c>), in <see cref="Stopwatch"/> ticks.</summary>
    public ConcurrentQueue<long> Arrivals { get; } = new();

    public async Task SearchPageAsync(HttpContext context, CancellationToken cancellationToken)
    {
        Arrivals.Enqueue(Stopwatch.GetTimestamp());
        await FakeImageWeb.WriteAsync(context, FakeResponse.Html(SearchPage), cancellationToken);
    }

    public async Task ImagesAsync(HttpContext context, IReadOnlyList<string> results, Func<FakeResponse?> scripted, Func<string, string> url, CancellationToken cancellationToken)
    {
        Arrivals.Enqueue(Stopwatch.GetTimestamp());
        var query = context.Request.Query;
        if (query["vqd"] != Token || string.IsNullOrEmpty(context.Request.Headers.Referer) || query["o"] != "json")
        {
            await FakeImageWeb.WriteAsync(context, FakeResponse.Error(403), cancellationToken);
            return;
        }

        if (scripted() is { } response)
        {
            await FakeImageWeb.WriteAsync(context, response, cancellationToken);
            return;
        }

        if (Interlocked.Increment(ref _pagesServed) > ForbidAfterPages)
        {
            await FakeImageWeb.WriteAsync(context, FakeResponse.Error(403), cancellationToken);
            return;
        }

        var offset = int.TryParse(query["s"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var page = results.Skip(offset).Take(PageSize).ToList();
        var body = new Dictionary<string, object>
        {
            ["query"] = query["q"].ToString(),
            ["response_type"] = "places",
            ["results"] = page.Select((image, i) => new Dictionary<string, object>
            {
                ["height"] = 40,
                ["width"] = 48,
                ["image"] = image,
                ["image_token"] = "t" + (offset + i).ToString(CultureInfo.InvariantCulture),
                ["source"] = "Bing",
                ["thumbnail"] = url("thumb/ddg-" + (offset + i).ToString(CultureInfo.InvariantCulture)),
                ["title"] = "result " + (offset + i).ToString(CultureInfo.InvariantCulture),
                ["url"] = url("page/ddg-" + (offset + i).ToString(CultureInfo.InvariantCulture)),
            }).ToList(),
            ["vqd"] = new Dictionary<string, object> { [query["q"].ToString()] = Token },
        };
        if (offset + page.Count < results.Count)
        {
            body["next"] = string.Create(
                CultureInfo.InvariantCulture,
                $"i.js?q={Uri.EscapeDataString(query["q"].ToString())}&o=json&p={query["p"]}&s={offset + page.Count}&u=bing&f=,,,,,&l=wt-wt");
        }

        await FakeImageWeb.WriteJsonAsync(context, 200, body, cancellationToken);
    }
}

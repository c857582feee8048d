using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActressOnnx.Train.Tests.Gather;

/// <summary>
/// A real HTTP server on 127.0.0.1 that speaks the Bing Image Search v7 and Brave image search protocols
/// (with key checks and their error bodies), DuckDuckGo's image search (<see cref="DuckDuckGo"/>) and the MediaWiki
/// API of Wikimedia Commons (<see cref="Wikimedia"/>), and hosts images with scripted answers per path.
/// </summary>
internal sealed class FakeImageWeb : IAsyncDisposable
{
    public const string BingKey = "bing-test-key-7f3a";
    public const string BraveKey = "brave-test-key-91c2";

    private readonly ConcurrentDictionary<string, Route> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeResponse> _searchScript = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly WebApplication _app;

    private FakeImageWeb(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Image URLs the searches return, in order.</summary>
    public List<string> SearchResults { get; } = [];

    /// <summary>The most results one Bing page holds, whatever count was asked for.</summary>
    public int BingPageSize { get; set; } = 150;

    /// <summary>DuckDuckGo's search page and <c>i.js</c>; its results are <see cref="SearchResults"/>.</summary>
    public FakeDuckDuckGo DuckDuckGo { get; } = new();

    /// <summary>Wikimedia Commons' <c>/w/api.php</c>.</summary>
    public FakeWikimediaCommons Wikimedia { get; } = new();

    /// <summary>Every request received: the raw target (path and query) and the headers.</summary>
    public ConcurrentQueue<(string Target, IReadOnlyDictionary<string, string> Headers)> Requests { get; } = new();

    public static async Task<FakeImageWeb> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var web = new FakeImageWeb(app);
        app.Run(web.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        web.BaseUri = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return web;
    }

    /// <summary>The absolute URL of <paramref name="relative"/> on this server.</summary>
    public string Url(string relative) => BaseUri + relative.TrimStart('/');

    /// <summary>Scripts the answers for <paramref name="relative"/>: one per request, the last one repeating.</summary>
    public string Serve(string relative, params FakeResponse[] responses)
    {
        var url = Url(relative);
        _routes[new Uri(url).PathAndQuery] = new Route(responses);
        return url;
    }

    /// <summary>Answers the next search requests with these responses before answering normally.</summary>
    public void ScriptSearch(params FakeResponse[] responses)
    {
        foreach (var response in responses)
        {
            _searchScript.Enqueue(response);
        }
    }

    public int RequestCount(string url) => Requests.Count(r => r.Target == new Uri(url).PathAndQuery);

    public IReadOnlyList<IReadOnlyDictionary<string, string>> SearchQueries(string path) =>
        Requests.Where(r => r.Target.StartsWith(path, StringComparison.Ordinal))
            .Select(r => (IReadOnlyDictionary<string, string>)ParseQuery(r.Target))
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        Requests.Enqueue((target, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            switch (context.Request.Path.Value)
            {
                case "/v7.0/images/search":
                    await SearchAsync(context, "Ocp-Apim-Subscription-Key", BingKey, BingError, BingAnswer, aborted.Token);
                    break;
                case "/res/v1/images/search":
                    await SearchAsync(context, "X-Subscription-Token", BraveKey, BraveError, BraveAnswer, aborted.Token);
                    break;
                case "/" when context.Request.Query.ContainsKey("q"):
                    await DuckDuckGo.SearchPageAsync(context, aborted.Token);
                    break;
                case "/i.js":
                    await DuckDuckGo.ImagesAsync(context, SearchResults, NextScripted, Url, aborted.Token);
                    break;
                case "/w/api.php":
                    await Wikimedia.ApiAsync(context, NextScripted, Url, aborted.Token);
                    break;
                default:
                    var response = _routes.TryGetValue(target, out var route) ? route.Next() : FakeResponse.Error(404);
                    await WriteAsync(context, response, aborted.Token);
                    break;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client went away (timeout, size limit) or the server is stopping.
        }
    }

    private async Task SearchAsync(HttpContext context, string keyHeader, string key, Func<int, string, object> error, Func<IQueryCollection, object> answer, CancellationToken cancellationToken)
    {
        if (context.Request.Headers[keyHeader] != key)
        {
            await WriteJsonAsync(context, 401, error(401, "Access denied due to invalid subscription key."), cancellationToken);
            return;
        }

        if (_searchScript.TryDequeue(out var scripted))
        {
            await WriteAsync(context, scripted, cancellationToken);
            return;
        }

        await WriteJsonAsync(context, 200, answer(context.Request.Query), cancellationToken);
    }

    private FakeResponse? NextScripted() => _searchScript.TryDequeue(out var scripted) ? scripted : null;

    private object BingAnswer(IQueryCollection query)
    {
        var count = int.Parse(query["count"].ToString(), CultureInfo.InvariantCulture);
        var offset = int.Parse(query["offset"].ToString(), CultureInfo.InvariantCulture);
        var page = SearchResults.Skip(offset).Take(Math.Min(count, BingPageSize)).ToList();
        return new Dictionary<string, object>
        {
            ["_type"] = "Images",
            ["totalEstimatedMatches"] = SearchResults.Count,
            ["nextOffset"] = offset + page.Count,
            ["value"] = page.Select(u => new Dictionary<string, object> { ["contentUrl"] = u, ["hostPageUrl"] = Url("page/bing"), ["width"] = 1 }).ToList(),
        };
    }

    private object BraveAnswer(IQueryCollection query)
    {
        var count = int.Parse(query["count"].ToString(), CultureInfo.InvariantCulture);
        return new Dictionary<string, object>
        {
            ["type"] = "images",
            ["results"] = SearchResults.Take(count).Select((u, i) => new Dictionary<string, object>
            {
                ["type"] = "image_result",
                ["url"] = Url("page/brave-" + i.ToString(CultureInfo.InvariantCulture)),
                ["properties"] = new Dictionary<string, object> { ["url"] = u, ["placeholder"] = Url("thumb/" + i.ToString(CultureInfo.InvariantCulture)) },
            }).ToList(),
        };
    }

    private static object BingError(int status, string message) => new Dictionary<string, object>
    {
        ["_type"] = "ErrorResponse",
        ["errors"] = new[] { new Dictionary<string, object> { ["code"] = "InvalidAuthorization", ["message"] = message } },
    };

    private static object BraveError(int status, string message) => new Dictionary<string, object>
    {
        ["type"] = "ErrorResponse",
        ["error"] = new Dictionary<string, object> { ["status"] = status, ["code"] = "SUBSCRIPTION_TOKEN_INVALID", ["detail"] = message },
    };

    internal static async Task WriteJsonAsync(HttpContext context, int status, object body, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        await WriteAsync(context, new FakeResponse(status, bytes, "application/json"), cancellationToken);
    }

    internal static async Task WriteAsync(HttpContext context, FakeResponse response, CancellationToken cancellationToken)
    {
        if (response.Hangs)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.Endless)
        {
            var chunk = new byte[16 * 1024];
            for (var sent = 0L; sent < 256L * 1024 * 1024; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk, cancellationToken);
            }

            return;
        }

        if (!response.OmitLength)
        {
            context.Response.ContentLength = response.Body.Length;
        }

        await context.Response.Body.WriteAsync(response.Body, cancellationToken);
    }

    private static Dictionary<string, string> ParseQuery(string target)
    {
        var query = target.Contains('?', StringComparison.Ordinal) ? target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..] : string.Empty;
        return query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty, StringComparer.Ordinal);
    }

    private sealed class Route(FakeResponse[] responses)
    {
        private int _served;

        public FakeResponse Next()
        {
            var index = Interlocked.Increment(ref _served) - 1;
            return responses[Math.Min(index, responses.Length - 1)];
        }
    }
}

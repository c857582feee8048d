using System.Diagnostics;
using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

public sealed class DuckDuckGoImageSearchClientTests
{
    [Fact]
    public async Task Gather_WithDuckDuckGo_TakesTheTokenThenFollowsNextAndRecordsThePages()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.DuckDuckGo.PageSize = 2;
        var images = Enumerable.Range(1, 5).Select(i => GatherImages.Jpeg(i)).ToList();
        h.Web.SearchResults.AddRange(images.Select((bytes, i) => h.Web.Serve($"img/{i}.jpg", FakeResponse.Image(bytes))));

        var summary = await h.GatherDuckDuckGoAsync(query: "tabby cat");

        GatherHarness.AssertCounts(summary, found: 5, kept: 5);
        var search = Assert.Single(h.Web.SearchQueries("/?"));
        Assert.Equal("tabby cat", search["q"]);
        var pages = h.Web.SearchQueries("/i.js");
        Assert.Equal([null, "2", "4"], pages.Select(q => q.GetValueOrDefault("s")));
        Assert.All(pages, q => Assert.Equal((FakeDuckDuckGo.Token, "tabby cat", "json", "1"), (q["vqd"], q["q"], q["o"], q["p"])));
        Assert.All(h.Web.Requests.Where(r => r.Target.StartsWith("/i.js", StringComparison.Ordinal)), r => Assert.Equal(h.Web.BaseUri.ToString(), r.Headers["Referer"]));
        Assert.Equal(h.Web.Url("page/ddg-3"), h.Row(h.Web.SearchResults[3]).Source);
        Assert.Null(h.Row(h.Web.SearchResults[3]).Licence);
        Assert.DoesNotContain(h.Web.Requests, r => r.Target.StartsWith("/thumb/", StringComparison.Ordinal) || r.Target.StartsWith("/page/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<script>x.vqd='4-12_ab-3';</script>", "4-12_ab-3")]
    [InlineData("<a href=\"/i.js?q=cats&vqd=4-99887766&p=1\">", "4-99887766")]
    public async Task FindImageUrls_ReadsEveryFormOfTheToken(string page, string token)
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.DuckDuckGo.SearchPage = page;
        using var clients = new GatherHttpClients(h.Http);
        var client = new DuckDuckGoImageSearchClient(clients.CreateSearchClient(), h.Web.BaseUri, safeSearch: false, new RequestPacer(TimeSpan.Zero), h.Http);

        // The fake accepts only its own token: a 403 after the token was read shows which token was sent.
        await Assert.ThrowsAsync<ImageSearchException>(() => client.FindImageUrlsAsync("cats", 10, CancellationToken.None).ToListAsync().AsTask());

        var sent = h.Web.SearchQueries("/i.js");
        Assert.Equal(1 + h.Http.MaxRetries, sent.Count);
        Assert.All(sent, q => Assert.Equal((token, "-1"), (q["vqd"], q["p"])));
    }

    [Fact]
    public async Task FindImageUrls_WhenThePageHasNoToken_FailsWithOneLineSayingWhatToTry()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.DuckDuckGo.SearchPage = "<html><body>If this error persists, please let us know: ops@duckduckgo.com</body></html>";
        using var clients = new GatherHttpClients(h.Http);
        var client = new DuckDuckGoImageSearchClient(clients.CreateSearchClient(), h.Web.BaseUri, safeSearch: true, new RequestPacer(TimeSpan.Zero), h.Http);

        var error = await Assert.ThrowsAsync<ImageSearchException>(() => client.FindImageUrlsAsync("cats", 10, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal(
            "DuckDuckGo's search page for \"cats\" carried no vqd token, which its image search needs: the page may have changed or DuckDuckGo is refusing automated requests. Try again later, or use --provider wikimedia (no key, official API).",
            error.Message);
        Assert.Empty(h.Web.SearchQueries("/i.js"));
    }

    [Fact]
    public async Task FindImageUrls_WhenRefusedOnce_BacksOffAndGoesOn()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.SearchResults.AddRange([h.Web.Url("img/a.jpg"), h.Web.Url("img/b.jpg")]);
        h.Web.ScriptSearch(FakeResponse.Error(403));
        using var clients = new GatherHttpClients(h.Http, h.Retries.Enqueue);
        var client = new DuckDuckGoImageSearchClient(clients.CreateSearchClient(), h.Web.BaseUri, safeSearch: true, new RequestPacer(TimeSpan.Zero), h.Http, h.Retries.Enqueue);

        var urls = await client.FindImageUrlsAsync("cats", 10, CancellationToken.None).Select(c => c.Url).ToListAsync();

        Assert.Equal(h.Web.SearchResults, urls);
        var retry = Assert.Single(h.Retries);
        Assert.Equal(("HTTP 403", h.Http.RetryBaseDelay), (retry.Reason, retry.Delay));
        Assert.StartsWith(h.Web.Url("i.js?"), retry.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gather_WhenRefusedAfterTwoPages_KeepsWhatItGotAndFailsWithOneLine()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.DuckDuckGo.PageSize = 2;
        h.Web.DuckDuckGo.ForbidAfterPages = 2;
        h.Web.SearchResults.AddRange(Enumerable.Range(1, 7).Select(i => h.Web.Serve($"img/{i}.jpg", FakeResponse.Image(GatherImages.Jpeg(i)))));

        var error = await Assert.ThrowsAsync<ImageSearchException>(() => h.GatherDuckDuckGoAsync(options: h.Options(concurrency: 1)));

        Assert.Equal(
            "DuckDuckGo refused its image search for \"tabby cat\" (HTTP 403) after 2 pages: it limits automated use of this unofficial interface. Images gathered so far are kept: wait a few minutes and run again, or use --provider wikimedia (no key, official API).",
            error.Message);
        Assert.Equal(h.Web.SearchResults.Take(4), h.Manifest().Entries.Where(e => e.Status == GatherStatus.Kept).Select(e => e.Url));
        Assert.Equal(2 + 1 + h.Http.MaxRetries, h.Web.SearchQueries("/i.js").Count);
        Assert.Equal(h.Http.MaxRetries, h.Retries.Count(r => r.Reason == "HTTP 403"));
    }

    [Fact]
    public async Task FindImageUrls_WhenThePageIsEmpty_EndsWithoutAnotherRequest()
    {
        await using var h = await GatherHarness.StartAsync();
        using var clients = new GatherHttpClients(h.Http);
        var client = new DuckDuckGoImageSearchClient(clients.CreateSearchClient(), h.Web.BaseUri, safeSearch: true, new RequestPacer(TimeSpan.Zero), h.Http);

        var urls = await client.FindImageUrlsAsync("zxqv no such thing", 10, CancellationToken.None).ToListAsync();

        Assert.Empty(urls);
        Assert.Single(h.Web.SearchQueries("/i.js"));
    }

    [Fact]
    public async Task FindImageUrls_SpacesRequestsByTheInterval()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.DuckDuckGo.PageSize = 1;
        h.Web.SearchResults.AddRange([h.Web.Url("img/a.jpg"), h.Web.Url("img/b.jpg"), h.Web.Url("img/c.jpg")]);
        var interval = TimeSpan.FromMilliseconds(250);
        using var clients = new GatherHttpClients(h.Http);
        var client = new DuckDuckGoImageSearchClient(clients.CreateSearchClient(), h.Web.BaseUri, safeSearch: true, new RequestPacer(interval), h.Http);

        var urls = await client.FindImageUrlsAsync("cats", 10, CancellationToken.None).ToListAsync();

        Assert.Equal(3, urls.Count);
        var arrivals = h.Web.DuckDuckGo.Arrivals.ToArray();
        Assert.Equal(4, arrivals.Length); // the search page, then three result pages
        var span = Stopwatch.GetElapsedTime(arrivals[1], arrivals[^1]);

        // The search page's arrival is left out: the first request of a process also opens the connection and
        // compiles the HTTP stack, so it arrives late though it left on time. Two intervals separate the three
        // result pages when they leave; a loaded machine can deliver the first of them late by most of an interval,
        // so the bound is one interval (unpaced, the three take a few ms). The pacer's own spacing is tested exactly in
        // RequestPacerTests.
        Assert.True(span >= interval, $"three requests within {span.TotalMilliseconds:0} ms, less than one {interval.TotalMilliseconds} ms interval");
    }
}

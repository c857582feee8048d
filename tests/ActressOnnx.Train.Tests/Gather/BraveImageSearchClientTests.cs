using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

public sealed class BraveImageSearchClientTests
{
    [Fact]
    public async Task Gather_WithBrave_DownloadsPropertiesUrlNeverTheResultPage()
    {
        await using var h = await GatherHarness.StartAsync();
        var images = Enumerable.Range(1, 3).Select(i => GatherImages.Jpeg(i)).ToList();
        h.Web.SearchResults.AddRange(images.Select((bytes, i) => h.Web.Serve($"img/{i}.jpg", FakeResponse.Image(bytes))));

        var summary = await h.GatherAsync(http => new BraveImageSearchClient(http, h.Web.BaseUri, FakeImageWeb.BraveKey), new ClassSpec("bryce", "bryce dallas howard"));

        GatherHarness.AssertCounts(summary, found: 3, kept: 3);
        Assert.Equal(
            images.Select(b => GatherHarness.FileNameFor(b, ".jpg")).Order(StringComparer.Ordinal),
            Directory.GetFiles(Path.Combine(h.Output, "bryce")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(h.Web.Requests, r => r.Target.StartsWith("/page/", StringComparison.Ordinal) || r.Target.StartsWith("/thumb/", StringComparison.Ordinal));
        var search = Assert.Single(h.Web.Requests, r => r.Target.StartsWith("/res/v1/images/search", StringComparison.Ordinal));
        Assert.Equal(FakeImageWeb.BraveKey, search.Headers["X-Subscription-Token"]);
        Assert.All(h.Manifest("bryce").Entries, e => Assert.Equal("bryce dallas howard", e.Query));
        Assert.Equal(h.Web.SearchResults.Select((_, i) => h.Web.Url($"page/brave-{i}")).Order(StringComparer.Ordinal), h.Manifest("bryce").Entries.Select(e => e.Source!).Order(StringComparer.Ordinal));
        Assert.All(h.Manifest("bryce").Entries, e => Assert.Null(e.Licence));
    }

    [Fact]
    public async Task FindImageUrls_AsksForAtMost200()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.SearchResults.AddRange(Enumerable.Range(0, 250).Select(i => h.Web.Url($"img/{i}.jpg")));
        using var clients = new GatherHttpClients(h.Http);
        var client = new BraveImageSearchClient(clients.CreateSearchClient(), h.Web.BaseUri, FakeImageWeb.BraveKey);

        var urls = await client.FindImageUrlsAsync("cats", 450, CancellationToken.None).Select(c => c.Url).ToListAsync();

        Assert.Equal(h.Web.SearchResults.Take(200), urls);
        Assert.Equal("200", Assert.Single(h.Web.SearchQueries("/res/v1/images/search"))["count"]);
    }

    [Fact]
    public async Task FindImageUrls_WhenKeyRejected_NamesTheVariableAndDoesNotRetry()
    {
        await using var h = await GatherHarness.StartAsync();
        using var clients = new GatherHttpClients(h.Http, h.Retries.Enqueue);
        var client = new BraveImageSearchClient(clients.CreateSearchClient(), h.Web.BaseUri, "not-the-key");

        var error = await Assert.ThrowsAsync<ImageSearchException>(() => client.FindImageUrlsAsync("cats", 10, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal("Brave rejected the key in BRAVE_SEARCH_KEY (HTTP 401): Access denied due to invalid subscription key. Set BRAVE_SEARCH_KEY to a valid subscription key.", error.Message);
        Assert.Single(h.Web.Requests);
        Assert.Empty(h.Retries);
    }
}

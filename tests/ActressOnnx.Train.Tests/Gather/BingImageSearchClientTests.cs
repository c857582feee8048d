using System.Text;
using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

public sealed class BingImageSearchClientTests
{
    [Fact]
    public async Task FindImageUrls_WhenSearchAnswers429_RetriesAfterRetryAfter()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.SearchResults.AddRange([h.Web.Url("img/a.jpg"), h.Web.Url("img/b.jpg")]);
        h.Web.ScriptSearch(FakeResponse.Error(429, retryAfter: "1"));
        using var clients = new GatherHttpClients(h.Http, h.Retries.Enqueue);
        var client = new BingImageSearchClient(clients.CreateSearchClient(), h.Web.BaseUri, FakeImageWeb.BingKey);

        var found = await client.FindImageUrlsAsync("cats", 10, CancellationToken.None).ToListAsync();

        Assert.Equal(h.Web.SearchResults, found.Select(c => c.Url));
        Assert.All(found, c => Assert.Equal(h.Web.Url("page/bing"), c.Source));
        var retry = Assert.Single(h.Retries);
        Assert.Equal(("HTTP 429", TimeSpan.FromSeconds(1)), (retry.Reason, retry.Delay));
        Assert.Equal(FakeImageWeb.BingKey, h.Web.Requests.First().Headers["Ocp-Apim-Subscription-Key"]);
    }

    [Fact]
    public async Task FindImageUrls_WhenErrorResponse_ThrowsWithTheServiceMessage()
    {
        await using var h = await GatherHarness.StartAsync();
        var body = """{"_type":"ErrorResponse","errors":[{"code":"InvalidRequest","message":"Parameter has invalid value.","parameter":"count"}]}""";
        h.Web.ScriptSearch(new FakeResponse(400, Encoding.UTF8.GetBytes(body), "application/json"));
        using var clients = new GatherHttpClients(h.Http, h.Retries.Enqueue);
        var client = new BingImageSearchClient(clients.CreateSearchClient(), h.Web.BaseUri, FakeImageWeb.BingKey);

        var error = await Assert.ThrowsAsync<ImageSearchException>(() => client.FindImageUrlsAsync("cats", 10, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal("Bing search failed with HTTP 400: Parameter has invalid value.", error.Message);
        Assert.Empty(h.Retries);
    }

    [Fact]
    public async Task FindImageUrls_WhenForbidden_NamesTheKeyVariableAndDoesNotRetry()
    {
        await using var h = await GatherHarness.StartAsync();
        var body = """{"_type":"ErrorResponse","errors":[{"code":"InsufficientAuthorization","message":"Out of call volume quota."}]}""";
        h.Web.ScriptSearch(new FakeResponse(403, Encoding.UTF8.GetBytes(body), "application/json"));
        using var clients = new GatherHttpClients(h.Http, h.Retries.Enqueue);
        var client = new BingImageSearchClient(clients.CreateSearchClient(), h.Web.BaseUri, FakeImageWeb.BingKey);

        var error = await Assert.ThrowsAsync<ImageSearchException>(() => client.FindImageUrlsAsync("cats", 10, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal("Bing rejected the key in AZURE_SEARCH_KEY (HTTP 403): Out of call volume quota. Set AZURE_SEARCH_KEY to a valid subscription key.", error.Message);
        Assert.Single(h.Web.Requests);
        Assert.Empty(h.Retries);
    }

    [Fact]
    public async Task FindImageUrls_WhenAnswerIsNotJson_ThrowsNamingTheEndpointProblem()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.ScriptSearch(FakeResponse.Html("<html>captive portal</html>"));
        using var clients = new GatherHttpClients(h.Http);
        var client = new BingImageSearchClient(clients.CreateSearchClient(), h.Web.BaseUri, FakeImageWeb.BingKey);

        var error = await Assert.ThrowsAsync<ImageSearchException>(() => client.FindImageUrlsAsync("cats", 10, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal("Bing search answered with something that is not a JSON object; check the endpoint.", error.Message);
    }

    [Fact]
    public async Task FindImageUrls_WithPathPrefixedEndpoint_KeepsThePrefix()
    {
        await using var h = await GatherHarness.StartAsync();
        using var clients = new GatherHttpClients(h.Http);
        var client = new BingImageSearchClient(clients.CreateSearchClient(), new Uri(h.Web.BaseUri, "bing/"), FakeImageWeb.BingKey);

        await Assert.ThrowsAsync<ImageSearchException>(() => client.FindImageUrlsAsync("a b&c", 5, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal("/bing/v7.0/images/search?q=a%20b%26c&count=5&offset=0", Assert.Single(h.Web.Requests).Target);
    }
}

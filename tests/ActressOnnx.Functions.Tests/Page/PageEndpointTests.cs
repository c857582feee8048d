using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ActressOnnx.Functions.Tests.Endpoints;
using ActressOnnx.Testing.Azurite;

namespace ActressOnnx.Functions.Tests.Page;

/// <summary>The page as HTTP serves it: one small self-contained document at both routes, cacheable, locked down.</summary>
[Collection(SharedAzurite.Name)]
public sealed class PageEndpointTests : IClassFixture<PublishedModelApp>
{
    private readonly AzuriteFixture _azurite;
    private readonly PublishedModelApp _fixture;

    public PageEndpointTests(AzuriteFixture azurite, PublishedModelApp fixture)
    {
        _azurite = azurite;
        _fixture = fixture;
    }

    [Fact]
    public async Task Get_AtRootAndApiApp_ServesTheSameSmallSelfContainedPage()
    {
        var app = await _fixture.GetAsync(_azurite);

        using var root = await app.Client.GetAsync(new Uri("/", UriKind.Relative));
        using var functionRoute = await app.Client.GetAsync(new Uri("/api/app", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal(HttpStatusCode.OK, functionRoute.StatusCode);
        Assert.Equal("text/html", root.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", root.Content.Headers.ContentType?.CharSet);
        var html = await root.Content.ReadAsByteArrayAsync();
        Assert.Equal(html, await functionRoute.Content.ReadAsByteArrayAsync());
        Assert.True(html.Length < 30 * 1024, $"the page is {html.Length} bytes; keep it under 30 KB");
        var text = Encoding.UTF8.GetString(html);
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", text, StringComparison.Ordinal);   // nothing from elsewhere: no CDN, no fonts
        Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
        Assert.Contains($"data-max-request-bytes=\"{PublishedModelApp.MaxRequestBytes}\"", text, StringComparison.Ordinal);
        Assert.Contains("accept=\"image/*\" capture=\"environment\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Page_AllowsOnlyItsOwnScriptAndStyleByHash()
    {
        var app = await _fixture.GetAsync(_azurite);

        using var response = await app.Client.GetAsync(new Uri("/", UriKind.Relative));

        var text = await response.Content.ReadAsStringAsync();
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains($"script-src '{Hash(Inline(text, "script"))}'", policy, StringComparison.Ordinal);
        Assert.Contains($"style-src '{Hash(Inline(text, "style"))}'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Get_WhenBrowserHasTheCurrentCopy_Answers304()
    {
        var app = await _fixture.GetAsync(_azurite);
        using var first = await app.Client.GetAsync(new Uri("/api/app", UriKind.Relative));
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/app", UriKind.Relative));
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        using var stale = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/app", UriKind.Relative));
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000\""));
        using var third = await app.Client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    private static string Inline(string html, string element)
    {
        var match = Regex.Match(html, $"<{element}>(.*?)</{element}>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no inline <{element}>");
        return match.Groups[1].Value;
    }

    private static string Hash(string content) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
}

using System.Net;
using System.Net.Http.Json;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Browser;
using ActressOnnx.Train.Clean;
using ActressOnnx.Train.Report;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActressOnnx.Train.Tests.Clean;

/// <summary>
/// The cleaner's per-run token and cross-origin refusal, over real loopback sockets and in real Chromium: without the
/// token nothing is served, and a page of another origin in the same browser cannot change files.
/// </summary>
public sealed class CleanAccessTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>, IAsyncLifetime, IDisposable
{
    private readonly DirectoryInfo scratch = TestPaths.NewTempDirectory("cleanaccess");
    private readonly CleanServerOptions options = new();
    private readonly HttpClient client = new(new HttpClientHandler { UseCookies = false });
    private CleanSession? session;
    private WebApplication? app;
    private Uri? url;

    public async Task InitializeAsync()
    {
        var data = Path.Combine(scratch.FullName, "data");
        SyntheticDataset.Write(data, imagesPerClass: 2, size: 16);
        var items = Directory.GetFiles(data, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select((path, i) => new CleanItem(i, CleanScoring.Relative(data, path), Path.GetFileName(Path.GetDirectoryName(path))!, SplitNames.Valid, "stripes", 0.6, i, null, FileFingerprint.Of(path)))
            .ToList();
        session = new CleanSession(new CleanDataset(data, SyntheticDataset.Labels, items, Reused: false));
        (app, url) = await CleanServer.StartAsync(session, options, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await app!.DisposeAsync();
        scratch.Delete(recursive: true);
    }

    public void Dispose()
    {
        client.Dispose();
        session?.Dispose();
    }

    [Fact]
    public void Url_CarriesThisRunsToken_AndEachRunHasAnother()
    {
        Assert.Equal($"?token={options.Token}", url!.Query);
        Assert.True(options.Token.Length >= 40);
        Assert.NotEqual(options.Token, new CleanServerOptions().Token);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/state")]
    [InlineData("/api/items?label=circles&split=valid")]
    [InlineData("/images/0")]
    public async Task Get_WithoutTheToken_Is401Problem(string path)
    {
        using var response = await client.GetAsync(new Uri(url!, path));
        using var wrong = await client.GetAsync(new Uri(url!, path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "token=guess"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("?token=", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task OpeningTheUrl_SetsAStrictHttpOnlyCookie_ThatServesImagesButCannotApply()
    {
        using var page = await client.GetAsync(url);
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var pair = cookie.Split(';')[0];

        using var image = await SendAsync(HttpMethod.Get, "/images/0", request => request.Headers.Add("Cookie", pair));
        using var apply = await SendAsync(HttpMethod.Post, "/api/apply", request =>
        {
            request.Headers.Add("Cookie", pair);
            request.Content = JsonContent.Create(new { version = 0, changes = new[] { new { id = 0, action = "delete" } } });
        });

        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, apply.StatusCode);
        Assert.True(File.Exists(session!.FullPath(session.Find(0)!)));
    }

    [Theory]
    [InlineData("Origin", "http://attacker.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task Apply_FromAnotherOrigin_Is403EvenWithTheToken(string header, string value)
    {
        using var apply = await SendAsync(HttpMethod.Post, "/api/apply", request =>
        {
            request.Headers.Add(CleanAccess.HeaderName, options.Token);
            request.Headers.Add(header, value);
            request.Content = JsonContent.Create(new { version = 0, changes = new[] { new { id = 0, action = "delete" } } });
        });

        Assert.Equal(HttpStatusCode.Forbidden, apply.StatusCode);
        Assert.Equal("application/problem+json", apply.Content.Headers.ContentType!.MediaType);
        Assert.True(File.Exists(session!.FullPath(session.Find(0)!)));
        Assert.Equal(0, session.Version);
    }

    [Fact]
    public async Task Apply_WithTheTokenFromItsOwnOrigin_Works()
    {
        using var apply = await SendAsync(HttpMethod.Post, "/api/apply", request =>
        {
            request.Headers.Add(CleanAccess.HeaderName, options.Token);
            request.Headers.Add("Origin", $"http://127.0.0.1:{url!.Port}");
            request.Content = JsonContent.Create(new { version = 0, changes = new[] { new { id = 0, action = "delete" } } });
        });

        Assert.Equal(HttpStatusCode.OK, apply.StatusCode);
        Assert.False(File.Exists(Path.Combine(session!.Root, session.Find(0)?.RelativePath ?? "circles/0000.png")));
    }

    [Fact]
    public async Task PageOfAnotherOrigin_InTheSameBrowser_CannotApplyOrReadState()
    {
        // The user has the cleaner open (the browser holds its cookie); another site's page then posts to it.
        var page = await chromium.NewPageAsync(800, 600);
        await page.GotoAsync(url!.ToString());
        await page.WaitForSelectorAsync("#items[data-ready]");
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);

        var target = $"http://127.0.0.1:{url.Port}";
        var attacker = await StartAttackerSiteAsync(target);
        await using (attacker.App)
        {
            var other = await page.Context.NewPageAsync();
            await other.GotoAsync(attacker.Url);
            var outcome = await other.EvaluateAsync<string>("""
                async () => {
                  const body = JSON.stringify({ version: 0, changes: [{ id: 0, action: "delete" }] });
                  const results = [];
                  try { const r = await fetch(TARGET + "/api/apply", { method: "POST", mode: "no-cors", credentials: "include", headers: { "Content-Type": "text/plain" }, body }); results.push("no-cors:" + r.type); } catch (e) { results.push("no-cors:error"); }
                  try { const r = await fetch(TARGET + "/api/apply", { method: "POST", credentials: "include", headers: { "Content-Type": "application/json" }, body }); results.push("cors:" + r.status); } catch (e) { results.push("cors:blocked"); }
                  try { const r = await fetch(TARGET + "/api/state", { credentials: "include" }); results.push("read:" + r.status); } catch (e) { results.push("read:blocked"); }
                  return results.join(" ");
                }
                """.Replace("TARGET", $"\"{target}\"", StringComparison.Ordinal));
            Assert.Equal("no-cors:opaque cors:blocked read:blocked", outcome);

            // A form post is a navigation, not a fetch: it lands on the cleaner, which refuses it.
            await other.GotoAsync(attacker.Url + "form");
            await other.WaitForURLAsync(target + "/api/apply");
            Assert.Contains("cross_origin", await other.ContentAsync(), StringComparison.Ordinal);
        }

        await page.Context.CloseAsync();
        Assert.True(File.Exists(session!.FullPath(session.Find(0)!)));
        Assert.Equal(0, session.Version);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Action<HttpRequestMessage> setup)
    {
        using var request = new HttpRequestMessage(method, new Uri(url!, path));
        setup(request);
        return await client.SendAsync(request);
    }

    /// <summary>Another origin on loopback (another port): a page that tries to use the cleaner, and a page with a form posting to it.</summary>
    private static async Task<(WebApplication App, string Url)> StartAttackerSiteAsync(string target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var site = builder.Build();
        site.MapGet("/", () => Results.Content("<!DOCTYPE html><title>other site</title><p>other site</p>", "text/html"));
        site.MapGet("/form", () => Results.Content(
            $"<!DOCTYPE html><form method=\"post\" enctype=\"text/plain\" action=\"{target}/api/apply\"><input name='{{\"version\":0,\"changes\":[{{\"id\":0,\"action\":\"delete\"}}],\"x\":\"' value='\"}}'></form><script>document.forms[0].submit()</script>",
            "text/html"));
        await site.StartAsync();
        var address = site.Urls.First();
        return (site, address.EndsWith('/') ? address : address + "/");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActressOnnx.Testing;
using ActressOnnx.Train.Clean;
using ActressOnnx.Train.Report;
using Microsoft.AspNetCore.Builder;

namespace ActressOnnx.Train.Tests.Clean;

/// <summary>The cleaner's HTTP surface over a real loopback socket: problem+json errors, images by id only, loopback Host names only.</summary>
public sealed class CleanEndpointsTests : IAsyncLifetime, IDisposable
{
    private readonly DirectoryInfo scratch = TestPaths.NewTempDirectory("cleanendpoints");
    private readonly HttpClient client = new();
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
        var options = new CleanServerOptions();
        client.DefaultRequestHeaders.Add(CleanAccess.HeaderName, options.Token);
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
    public async Task Items_ListHighestLossFirst()
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri(url!, "/api/items?label=circles&split=valid")));

        var losses = document.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("loss").GetDouble()).ToArray();
        Assert.Equal([1.0, 0.0], losses);
    }

    [Fact]
    public async Task Image_ByIdServesTheFileAndAnUnknownIdIsAProblem()
    {
        using var image = await client.GetAsync(new Uri(url!, "/images/0"));
        using var missing = await client.GetAsync(new Uri(url!, "/images/99"));
        using var path = await client.GetAsync(new Uri(url!, "/images/..%2F..%2Fetc%2Fpasswd"));

        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(session!.FullPath(session.Find(0)!)), await image.Content.ReadAsByteArrayAsync());
        await AssertProblem(missing, HttpStatusCode.NotFound, "no_image");
        Assert.Equal(HttpStatusCode.NotFound, path.StatusCode);
    }

    [Fact]
    public async Task Apply_WithAStaleVersion_Is409ProblemAndTheServerKeepsServing()
    {
        await session!.ApplyAsync(new ApplyRequest(0, [new ImageChange(0, "delete", null)]), CancellationToken.None);

        using var stale = await client.PostAsJsonAsync(new Uri(url!, "/api/apply"), new { version = 0, changes = new[] { new { id = 1, action = "delete" } } });
        using var unknownClass = await client.GetAsync(new Uri(url!, "/api/items?label=squares&split=train"));
        using var state = await client.GetAsync(new Uri(url!, "/api/state"));

        await AssertProblem(stale, HttpStatusCode.Conflict, "page_out_of_date");
        await AssertProblem(unknownClass, HttpStatusCode.BadRequest, "bad_query");
        Assert.Equal(HttpStatusCode.OK, state.StatusCode);
        Assert.True(File.Exists(session.FullPath(session.Find(1)!)));
    }

    [Fact]
    public async Task Requests_NamingAnotherHost_AreRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url!, "/api/state"));
        request.Headers.Host = "cleaner.attacker.example";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Page_LoadsNothingFromOtherSites()
    {
        var html = await client.GetStringAsync(url);

        Assert.Contains("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", html, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", url!.Host);
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
    }
}

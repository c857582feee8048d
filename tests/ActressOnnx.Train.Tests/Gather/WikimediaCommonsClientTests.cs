using System.Text;
using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

public sealed class WikimediaCommonsClientTests
{
    [Fact]
    public async Task Gather_WithWikimedia_FollowsContinueInRankOrderAndRecordsLicenceAuthorAndSource()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.Wikimedia.PageSize = 2;
        var images = Enumerable.Range(1, 5).Select(i => GatherImages.Jpeg(i)).ToList();
        h.Web.Wikimedia.Files.AddRange(images.Select((bytes, i) => new FakeCommonsFile(
            $"File:Tabby cat {i}.jpg",
            h.Web.Serve($"thumb/{i}.jpg", FakeResponse.Image(bytes)),
            ArtistHtml: $"<a href=\"//commons.wikimedia.org/wiki/User:Cat{i}\" title=\"User:Cat{i}\">Cat &amp; Co {i}</a>")));

        var summary = await h.GatherWikimediaAsync(options: h.Options(concurrency: 1));

        GatherHarness.AssertCounts(summary, found: 5, kept: 5);
        var queries = h.Web.SearchQueries("/w/api.php");
        Assert.Equal([null, "2", "4"], queries.Select(q => q.GetValueOrDefault("gsroffset")));
        Assert.Equal(["", "gsroffset||", "gsroffset||"], queries.Select(q => q["continue"]));
        Assert.All(queries, q => Assert.Equal(
            ("tabby cat filetype:bitmap", "6", "search", "imageinfo", "url|size|mime|extmetadata", "1024", "5"),
            (q["gsrsearch"], q["gsrnamespace"], q["generator"], q["prop"], q["iiprop"], q["iiurlwidth"], q["maxlag"])));
        Assert.All(h.Web.Requests.Where(r => r.Target.StartsWith("/w/api.php", StringComparison.Ordinal)), r => Assert.Equal("ActressOnnx-gather/1.0 (gather-tests@example.org)", r.Headers["User-Agent"]));

        // Pages come in page-id order; the manifest follows the search rank ("index"), the order of the files.
        var rows = h.Manifest().Entries;
        Assert.Equal(h.Web.Wikimedia.Files.Select(f => f.ThumbUrl), rows.Select(r => r.Url));
        var row = rows[2];
        Assert.Equal(
            ("CC BY-SA 4.0", "//creativecommons.org/licenses/by-sa/4.0", "Cat & Co 2", h.Web.Url("wiki/File:Tabby_cat_2.jpg")),
            (row.Licence, row.LicenceUrl, row.Author, row.Source));
        Assert.DoesNotContain(h.Web.Requests, r => r.Target.StartsWith("/original/", StringComparison.Ordinal));
        Assert.Contains("\"licence\":\"CC BY-SA 4.0\"", await File.ReadAllTextAsync(h.Manifest().Path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindImageUrls_WhenMaxlag_WaitsAsRetryAfterSaysThenGoesOn()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.Wikimedia.Files.Add(new FakeCommonsFile("File:A.jpg", h.Web.Url("thumb/a.jpg")));
        h.Web.Wikimedia.Lagged = 1;
        using var clients = new GatherHttpClients(h.Http, h.Retries.Enqueue);
        var client = new WikimediaCommonsClient(clients.CreateSearchClient(), h.Web.BaseUri, 640, h.Http, h.Retries.Enqueue);

        var urls = await client.FindImageUrlsAsync("a", 10, CancellationToken.None).Select(c => c.Url).ToListAsync();

        Assert.Equal([h.Web.Url("thumb/a.jpg")], urls);
        var retry = Assert.Single(h.Retries);
        Assert.Equal(("maxlag: Waiting for 10.64.48.23: 7 seconds lagged.", TimeSpan.FromSeconds(1)), (retry.Reason, retry.Delay));
        Assert.Equal(2, h.Web.SearchQueries("/w/api.php").Count);
        Assert.All(h.Web.SearchQueries("/w/api.php"), q => Assert.Equal("640", q["iiurlwidth"]));
    }

    [Fact]
    public async Task FindImageUrls_WhenLagPersists_FailsWithOneLineAfterTheRetries()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.Wikimedia.Lagged = 100;
        h.Web.Wikimedia.LagRetryAfter = "0";
        using var clients = new GatherHttpClients(h.Http);
        var client = new WikimediaCommonsClient(clients.CreateSearchClient(), h.Web.BaseUri, 1024, h.Http);

        var error = await Assert.ThrowsAsync<ImageSearchException>(() => client.FindImageUrlsAsync("a", 10, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal(
            "Wikimedia Commons is too busy (database lag over 5 s: Waiting for 10.64.48.23: 7 seconds lagged) even after 2 retries; what was gathered is kept: run again in a few minutes.",
            error.Message);
        Assert.Equal(1 + h.Http.MaxRetries, h.Web.SearchQueries("/w/api.php").Count);
    }

    [Fact]
    public async Task Gather_WhenAFileHasNoImageInfo_RecordsAFailedRowNamingItAndKeepsTheRest()
    {
        await using var h = await GatherHarness.StartAsync();
        var good = h.Web.Serve("thumb/good.jpg", FakeResponse.Image(GatherImages.Jpeg(1)));
        h.Web.Wikimedia.Files.Add(new FakeCommonsFile("File:Gone cat.jpg", h.Web.Url("thumb/gone.jpg")) { NoImageInfo = true });
        h.Web.Wikimedia.Files.Add(new FakeCommonsFile("File:Good cat.jpg", good));
        h.Web.Wikimedia.Files.Add(new FakeCommonsFile("File:Cat video.webm", h.Web.Url("thumb/video.jpg")) { Mime = "video/webm" });

        var summary = await h.GatherWikimediaAsync();

        GatherHarness.AssertCounts(summary, found: 3, failed: 2, kept: 1);
        var gone = h.Row(h.Web.Url("wiki/File:Gone_cat.jpg"));
        Assert.Equal((GatherStatus.Failed, "Wikimedia Commons gave no image information (the file may be deleted or hidden) for File:Gone cat.jpg"), (gone.Status, gone.Reason));
        var video = h.Row(h.Web.Url("wiki/File:Cat_video.webm"));
        Assert.Equal((GatherStatus.Failed, "File:Cat video.webm is not an image file (video/webm)"), (video.Status, video.Reason));
        Assert.Equal(GatherStatus.Kept, h.Row(good).Status);
        Assert.Equal(0, h.Web.RequestCount(h.Web.Url("thumb/gone.jpg")) + h.Web.RequestCount(h.Web.Url("thumb/video.jpg")));
    }

    [Fact]
    public async Task Gather_WithLicenceFilter_ExcludesOtherAndUnknownLicencesAndLooksAgainWhenTheFilterChanges()
    {
        await using var h = await GatherHarness.StartAsync();
        FakeCommonsFile File(int i, string? licence) => new($"File:{i}.jpg", h.Web.Serve($"thumb/{i}.jpg", FakeResponse.Image(GatherImages.Jpeg(i))), licence);
        h.Web.Wikimedia.Files.AddRange([File(1, "CC BY-SA 4.0"), File(2, "CC BY-NC 4.0"), File(3, "Public domain"), File(4, null), File(5, "CC0")]);
        var options = h.Options();

        var summary = await h.GatherWikimediaAsync(options: new GatherOptions
        {
            OutputDirectory = options.OutputDirectory, MinSide = options.MinSide, ImagesPerClass = options.ImagesPerClass, Licences = LicenceFilter.Parse("cc-by-sa,pd"),
        });

        GatherHarness.AssertCounts(summary, found: 5, excluded: 3, kept: 2);
        Assert.Equal((GatherStatus.Excluded, "licence 'CC BY-NC 4.0' is not one of --licence cc-by-sa,pd"), (h.Row(h.Web.Url("thumb/2.jpg")).Status, h.Row(h.Web.Url("thumb/2.jpg")).Reason));
        Assert.Equal("licence unknown; --licence cc-by-sa,pd keeps only images whose licence the provider reports", h.Row(h.Web.Url("thumb/4.jpg")).Reason);
        Assert.Equal(0, h.Web.RequestCount(h.Web.Url("thumb/2.jpg")) + h.Web.RequestCount(h.Web.Url("thumb/4.jpg")) + h.Web.RequestCount(h.Web.Url("thumb/5.jpg")));

        var again = await h.GatherWikimediaAsync(options: new GatherOptions
        {
            OutputDirectory = options.OutputDirectory, MinSide = options.MinSide, ImagesPerClass = options.ImagesPerClass, Licences = LicenceFilter.Parse("cc-by-sa,pd,cc0"),
        });

        GatherHarness.AssertCounts(again, found: 5, excluded: 2, kept: 3);
        Assert.Equal(GatherStatus.Kept, h.Row(h.Web.Url("thumb/5.jpg")).Status);
        Assert.Equal(1, h.Web.RequestCount(h.Web.Url("thumb/1.jpg")));
    }

    [Fact]
    public async Task FindImageUrls_WithoutAContactInTheUserAgent_FailsSayingToPassContact()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Http.UserAgent = GatherHttpOptions.DefaultUserAgent;
        using var clients = new GatherHttpClients(h.Http);
        var client = new WikimediaCommonsClient(clients.CreateSearchClient(), h.Web.BaseUri, 1024, h.Http);

        var error = await Assert.ThrowsAsync<ImageSearchException>(() => client.FindImageUrlsAsync("a", 10, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal(
            "Wikimedia Commons refused the request (HTTP 403); its User-Agent policy blocks clients that give no way to reach their operator: pass --contact with your e-mail address or a URL.",
            error.Message);
    }

    [Fact]
    public async Task FindImageUrls_WhenTheApiAnswersAnError_ThrowsWithItsCodeAndInfo()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.ScriptSearch(new FakeResponse(200, Encoding.UTF8.GetBytes("""{"error":{"code":"srsearch-error","info":"An error has occurred while searching: Search is currently too busy. Please try again later."}}"""), "application/json"));
        using var clients = new GatherHttpClients(h.Http);
        var client = new WikimediaCommonsClient(clients.CreateSearchClient(), h.Web.BaseUri, 1024, h.Http);

        var error = await Assert.ThrowsAsync<ImageSearchException>(() => client.FindImageUrlsAsync("a", 10, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal("Wikimedia Commons refused the search for \"a\": srsearch-error: An error has occurred while searching: Search is currently too busy. Please try again later.", error.Message);
    }

    [Fact]
    public async Task FindImageUrls_WhenImageInfoContinuesInTheNextAnswer_WaitsForTheBatchToComplete()
    {
        await using var h = await GatherHarness.StartAsync();
        var first = """
            {"continue":{"iistart":"2026-01-01T00:00:00Z","continue":"gsroffset||"},"query":{"pages":[
              {"pageid":2,"ns":6,"title":"File:B.jpg","index":2},
              {"pageid":1,"ns":6,"title":"File:A.jpg","index":1,"imageinfo":[{"thumburl":"http://img.example/a.jpg","descriptionurl":"http://wiki.example/A","mime":"image/jpeg"}]}]}}
            """;
        var second = """
            {"batchcomplete":true,"query":{"pages":[
              {"pageid":2,"ns":6,"title":"File:B.jpg","index":2,"imageinfo":[{"thumburl":"http://img.example/b.jpg","descriptionurl":"http://wiki.example/B","mime":"image/jpeg"}]}]}}
            """;
        h.Web.ScriptSearch(new FakeResponse(200, Encoding.UTF8.GetBytes(first), "application/json"), new FakeResponse(200, Encoding.UTF8.GetBytes(second), "application/json"));
        using var clients = new GatherHttpClients(h.Http);
        var client = new WikimediaCommonsClient(clients.CreateSearchClient(), h.Web.BaseUri, 1024, h.Http);

        var found = await client.FindImageUrlsAsync("a", 10, CancellationToken.None).ToListAsync();

        Assert.Equal(["http://img.example/a.jpg", "http://img.example/b.jpg"], found.Select(c => c.Url));
        Assert.All(found, c => Assert.Null(c.Problem));
        Assert.Equal("2026-01-01T00:00:00Z", h.Web.SearchQueries("/w/api.php")[1]["iistart"]);
    }
}

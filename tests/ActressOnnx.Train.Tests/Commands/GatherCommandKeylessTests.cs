using System.CommandLine;
using ActressOnnx.Train.Commands;
using ActressOnnx.Train.Gather;
using ActressOnnx.Train.Tests.Gather;

namespace ActressOnnx.Train.Tests.Commands;

/// <summary><c>gather</c> with the keyless providers (Wikimedia Commons, DuckDuckGo) against the fakes, end to end.</summary>
public sealed class GatherCommandKeylessTests
{
    private static readonly Func<string, string?> NoKeys = name => name == GatherSourceArguments.ContactVariable ? GatherHarness.Contact : null;

    [Fact]
    public async Task Invoke_WithNoProviderAndNoKey_GathersTwoClassesFromWikimediaAndWritesAttribution()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.Wikimedia.Files.AddRange(Enumerable.Range(1, 3).Select(i => new FakeCommonsFile(
            $"File:Photo {i}.jpg", h.Web.Serve($"thumb/{i}.jpg", FakeResponse.Image(GatherImages.Jpeg(i))), ArtistHtml: $"<a href=\"//commons.wikimedia.org/wiki/User:P{i}\">Photographer {i}</a>")));
        using var console = new CapturedConsole();

        var exit = await InvokeAsync(
            console, NoKeys,
            "--class", "a=first thing", "b=second thing", "--output", h.Output, "--wikimedia-endpoint", h.Web.BaseUri.ToString(), "--min-size", "32", "--count", "2", "--attribution");

        Assert.Equal(0, exit);
        Assert.Equal("No --provider given and no BRAVE_SEARCH_KEY: using wikimedia (Wikimedia Commons: no key, an official API, a licence and author for every file). --provider ddg searches the whole web (unofficial).", console.Lines[0]);
        Assert.Equal(["first thing filetype:bitmap", "second thing filetype:bitmap"], h.Web.SearchQueries("/w/api.php").Select(q => q["gsrsearch"]));
        Assert.All(h.Web.Requests, r => Assert.Equal("ActressOnnx-gather/1.0 (gather-tests@example.org)", r.Headers["User-Agent"]));
        foreach (var name in new[] { "a", "b" })
        {
            var kept = h.Manifest(name).Entries.Where(e => e.Status == GatherStatus.Kept).ToList();
            Assert.Equal(2, kept.Count);
            Assert.All(kept, e => Assert.Equal("CC BY-SA 4.0", e.Licence));
            Assert.All(kept, e => Assert.StartsWith("Photographer ", e.Author, StringComparison.Ordinal));
            Assert.All(kept, e => Assert.StartsWith(h.Web.Url("wiki/File:Photo_"), e.Source, StringComparison.Ordinal));
        }

        var attribution = Path.Combine(h.Output, "ATTRIBUTION.md");
        Assert.Contains($"Wrote {attribution}: 4 files, 0 of them with no known licence.", console.Lines);
        var text = await File.ReadAllTextAsync(attribution);
        Assert.Contains("## a\n", text, StringComparison.Ordinal);
        Assert.Contains("## b\n", text, StringComparison.Ordinal);
        var file = h.Manifest("b").Entries.First(e => e.Status == GatherStatus.Kept);
        Assert.Contains($"- `b/{file.File}`: by {file.Author}, [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0), from <{file.Source}>\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WithDdgWhenThePageHasNoToken_FailsWithOneLineAndFetchesNoImage()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.DuckDuckGo.SearchPage = "<html>Unfortunately, bots use DuckDuckGo too.</html>";
        using var console = new CapturedConsole();

        var error = await Assert.ThrowsAsync<CliException>(() => InvokeAsync(console, NoKeys, "--provider", "ddg", "--ddg-endpoint", h.Web.BaseUri.ToString(), "--ddg-interval", "0", "--class", "cats", "--output", h.Output));

        Assert.StartsWith("DuckDuckGo's search page for \"cats\" carried no vqd token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Single(h.Web.Requests);
    }

    [Fact]
    public async Task Invoke_WithDdgAndNoResults_SaysTheSearchFoundNothing()
    {
        await using var h = await GatherHarness.StartAsync();
        using var console = new CapturedConsole();

        var exit = await InvokeAsync(console, NoKeys, "--provider", "ddg", "--ddg-endpoint", h.Web.BaseUri.ToString(), "--ddg-interval", "0", "--safe-search", "off", "--class", "cats=zxqv", "--output", h.Output);

        Assert.Equal(0, exit);
        Assert.Contains("cats: the search found no images for \"zxqv\"; try another query or another --provider.", console.Lines);
        Assert.Equal("-1", Assert.Single(h.Web.SearchQueries("/i.js"))["p"]);
    }

    [Fact]
    public async Task Invoke_WithDdg_KeepsImagesWithTheirPages()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.SearchResults.AddRange([h.Web.Serve("img/1.jpg", FakeResponse.Image(GatherImages.Jpeg(1))), h.Web.Serve("img/2.jpg", FakeResponse.Image(GatherImages.Jpeg(2)))]);
        using var console = new CapturedConsole();

        var exit = await InvokeAsync(console, NoKeys, "--provider", "ddg", "--ddg-endpoint", h.Web.BaseUri.ToString(), "--class", "cats", "--output", h.Output, "--min-size", "32", "--count", "2");

        Assert.Equal(0, exit);
        Assert.Equal("1", Assert.Single(h.Web.SearchQueries("/i.js"))["p"]);
        // Downloads run concurrently, so the manifest's order is the order they finished in.
        Assert.Equal([h.Web.Url("page/ddg-0"), h.Web.Url("page/ddg-1")], h.Manifest().Entries.Select(e => e.Source).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(console.Lines, l => l.StartsWith("No --provider", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ddg")]
    [InlineData("urls")]
    public async Task Invoke_WithLicenceAndAProviderThatDoesNotReportLicences_FailsBeforeFetching(string provider)
    {
        await using var h = await GatherHarness.StartAsync();
        using var console = new CapturedConsole();

        var error = await Assert.ThrowsAsync<CliException>(() => InvokeAsync(console, NoKeys, "--provider", provider, "--licence", "cc-by", "--class", provider == "urls" ? "cats=@cats.txt" : "cats", "--output", h.Output));

        Assert.Equal($"--licence needs a provider that reports licences, and {provider} does not: use --provider wikimedia, or drop --licence.", error.Message);
        Assert.Empty(h.Web.Requests);
    }

    [Fact]
    public async Task Invoke_WithLicenceOutsideTheFilter_ShowsTheExcludedColumn()
    {
        await using var h = await GatherHarness.StartAsync();
        h.Web.Wikimedia.Files.Add(new FakeCommonsFile("File:1.jpg", h.Web.Serve("thumb/1.jpg", FakeResponse.Image(GatherImages.Jpeg(1))), "CC BY-NC 4.0"));
        h.Web.Wikimedia.Files.Add(new FakeCommonsFile("File:2.jpg", h.Web.Serve("thumb/2.jpg", FakeResponse.Image(GatherImages.Jpeg(2))), "CC BY 4.0"));
        using var console = new CapturedConsole();

        var exit = await InvokeAsync(console, NoKeys, "--provider", "wikimedia", "--wikimedia-endpoint", h.Web.BaseUri.ToString(), "--licence", "cc-by,cc-by-sa", "--class", "cats", "--output", h.Output, "--min-size", "32", "--count", "5");

        Assert.Equal(0, exit);
        var header = Assert.Single(console.Lines, l => l.Contains("Excluded", StringComparison.Ordinal));
        Assert.Contains("Kept", header, StringComparison.Ordinal);
        var row = Assert.Single(console.Lines, l => l.Contains("cats", StringComparison.Ordinal) && l.Contains('│', StringComparison.Ordinal));
        Assert.Equal(["2", "1", "0", "0", "0", "0", "1", "1"], row.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[1..]);
        Assert.Equal(0, h.Web.RequestCount(h.Web.Url("thumb/1.jpg")));
        Assert.Contains("cats: only 1 of 5 images; raise --max-results, try another query, widen --licence, or run again with --retry-failed.", console.Lines);
    }

    private static Task<int> InvokeAsync(CapturedConsole console, Func<string, string?> environment, params string[] args)
    {
        var command = GatherCommand.Create(environment, console.Console, interactive: false);
        return command.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, CancellationToken.None);
    }
}

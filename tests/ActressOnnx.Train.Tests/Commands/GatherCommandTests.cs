using System.CommandLine;
using ActressOnnx.Train.Commands;
using ActressOnnx.Train.Gather;
using ActressOnnx.Train.Tests.Gather;

namespace ActressOnnx.Train.Tests.Commands;

public sealed class GatherCommandTests
{
    [Theory]
    [InlineData("brave", "Set BRAVE_SEARCH_KEY to your Brave search subscription key; the brave provider reads it from there.")]
    [InlineData("bing", "Set AZURE_SEARCH_KEY to your Bing search subscription key; the bing provider reads it from there.")]
    public async Task Invoke_WhenKeyVariableMissing_FailsNamingIt(string provider, string expected)
    {
        await using var h = await GatherHarness.StartAsync();
        using var console = new CapturedConsole();

        var error = await Assert.ThrowsAsync<CliException>(() => InvokeAsync(console, _ => "  ", "--provider", provider, "--class", "cats", "--output", h.Output));

        Assert.Equal(expected, error.Message);
        Assert.Empty(h.Web.Requests);
    }

    [Fact]
    public async Task Invoke_WithBrave_GathersAndPrintsCountsThatAddUpWithoutTheKey()
    {
        await using var h = await GatherHarness.StartAsync();
        var flaky = h.Web.Serve("img/1.jpg", FakeResponse.Error(503), FakeResponse.Image(GatherImages.Jpeg(1)));
        h.Web.SearchResults.Add(flaky);
        h.Web.SearchResults.Add(h.Web.Serve("img/2.png", FakeResponse.Image(GatherImages.Png(2), "image/png")));
        h.Web.SearchResults.Add(h.Web.Serve("img/3.jpg", FakeResponse.Html("<html></html>")));
        using var console = new CapturedConsole();
        Func<string, string?> environment = name => name == BraveImageSearchClient.KeyVariable ? FakeImageWeb.BraveKey : null;

        var exit = await InvokeAsync(
            console, environment,
            "--class", "jessica=jessica chastain", "--output", h.Output, "--brave-endpoint", h.Web.BaseUri.ToString(), "--min-size", "32", "--count", "5", "--retry-delay", "0.01");

        Assert.Equal(0, exit);
        Assert.Single(console.Lines, l => l.StartsWith($"retrying {flaky} in ", StringComparison.Ordinal) && l.EndsWith("s (HTTP 503)", StringComparison.Ordinal));
        Assert.Equal("jessica chastain", Assert.Single(h.Web.SearchQueries("/res/v1/images/search"))["q"]);
        Assert.Contains("jessica: gathering 5 images for \"jessica chastain\" (0 already kept)", console.Lines);
        var row = Assert.Single(console.Lines, l => l.Contains("jessica", StringComparison.Ordinal) && l.Contains('│', StringComparison.Ordinal));
        Assert.Equal(["3", "3", "0", "0", "1", "0", "2"], row.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[1..]);
        Assert.Contains("jessica: only 2 of 5 images; raise --max-results, try another query, or run again with --retry-failed.", console.Lines);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(h.Output, "jessica")).Length);
        Assert.DoesNotContain(FakeImageWeb.BraveKey, console.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeImageWeb.BraveKey, await File.ReadAllTextAsync(ClassManifest.PathFor(h.Output, "jessica")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WithUrlsProvider_ReadsEachClassFromItsFile()
    {
        await using var h = await GatherHarness.StartAsync();
        var cats = Path.Combine(h.Output, "cats.txt");
        var dogs = Path.Combine(h.Output, "dogs.txt");
        await File.WriteAllLinesAsync(cats, [h.Web.Serve("c/1.jpg", FakeResponse.Image(GatherImages.Jpeg(1))), h.Web.Serve("c/2.jpg", FakeResponse.Error(404))]);
        await File.WriteAllLinesAsync(dogs, ["# dogs", h.Web.Serve("d/1.jpg", FakeResponse.Image(GatherImages.Jpeg(2)))]);
        using var console = new CapturedConsole();

        var exit = await InvokeAsync(console, _ => null, "--provider", "urls", "--class", $"cats=@{cats}", $"dogs=@{dogs}", "--output", h.Output, "--min-size", "32", "--count", "5");

        Assert.Equal(0, exit);
        var rows = console.Lines.Where(l => l.Contains('│', StringComparison.Ordinal)).Select(l => l.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(["cats", "2", "1", "0", "0", "0", "1", "1"], rows.Single(r => r[0] == "cats"));
        Assert.Equal(["dogs", "1", "1", "0", "0", "0", "0", "1"], rows.Single(r => r[0] == "dogs"));
        Assert.Equal(["Total", "3", "2", "0", "0", "0", "1", "2"], rows.Single(r => r[0] == "Total"));
        Assert.All(h.Manifest("cats").Entries, e => Assert.Equal(cats, e.Query));
    }

    [Fact]
    public async Task Invoke_WhenTheSameImageIsKeptInTwoClasses_WarnsOneLinePerPair()
    {
        await using var h = await GatherHarness.StartAsync();
        var shared = GatherImages.Jpeg(1);
        var name = GatherHarness.FileNameFor(shared, ".jpg");
        var cats = Path.Combine(h.Output, "cats.txt");
        var dogs = Path.Combine(h.Output, "dogs.txt");
        await File.WriteAllLinesAsync(cats, [h.Web.Serve("c/1.jpg", FakeResponse.Image(shared)), h.Web.Serve("c/2.jpg", FakeResponse.Image(GatherImages.Jpeg(2)))]);
        await File.WriteAllLinesAsync(dogs, [h.Web.Serve("d/1.jpg", FakeResponse.Image(shared))]);
        using var console = new CapturedConsole();

        var exit = await InvokeAsync(console, _ => null, "--provider", "urls", "--class", $"cats=@{cats}", $"dogs=@{dogs}", "--output", h.Output, "--min-size", "32", "--count", "2");

        Assert.Equal(0, exit);
        Assert.Equal(
            [$"warning: the same image is kept in cats (cats/{name}) and in dogs (dogs/{name}); delete it from the class it does not belong to."],
            console.Lines.Where(l => l.StartsWith("warning:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Invoke_WhenHostsBreakTheConnectionBetweenGoodImages_ExitsZeroAndARerunFetchesNothing()
    {
        await using var h = await GatherHarness.StartAsync();
        var jpeg = GatherImages.Jpeg(9, width: 160, height: 120);
        await using var broken = BrokenImageHost.Start(jpeg);
        byte[][] goodImages = [GatherImages.Jpeg(1), GatherImages.Jpeg(2)];
        var good = goodImages.Select((bytes, i) => h.Web.Serve($"c/{i}.jpg", FakeResponse.Image(bytes))).ToArray();
        string[] faults = [BrokenImageHost.ResetMidBody, BrokenImageHost.EarlyClose, BrokenImageHost.BadChunk, BrokenImageHost.Stall];
        var list = Path.Combine(h.Output, "cats.txt");
        await File.WriteAllLinesAsync(list, [good[0], .. faults.Select(broken.Url), broken.TlsUrl, good[1]]);
        string[] args = ["--provider", "urls", "--class", $"cats=@{list}", "--output", h.Output, "--min-size", "32", "--count", "5", "--timeout", "1", "--retries", "1", "--retry-delay", "0.01"];
        using var console = new CapturedConsole();

        var exit = await InvokeAsync(console, _ => null, args);

        Assert.Equal(0, exit);
        Assert.Equal(goodImages.Select(b => GatherHarness.FileNameFor(b, ".jpg")).Order(StringComparer.Ordinal),
            Directory.GetFiles(Path.Combine(h.Output, "cats")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var rows = h.Manifest("cats").Entries;
        Assert.Equal(7, rows.Count);
        Assert.Equal(5, rows.Count(r => r.Status == GatherStatus.Failed && r.Reason is { Length: > 0 }));
        Assert.All(faults, f => Assert.Equal(2, broken.RequestCount(f)));
        Assert.Contains(console.Lines, l => l.StartsWith($"retrying {broken.Url(BrokenImageHost.EarlyClose)} in ", StringComparison.Ordinal));
        var requests = (h.Web.Requests.Count, broken.Requests.Values.Sum(), broken.TlsAttempts);

        using var again = new CapturedConsole();
        Assert.Equal(0, await InvokeAsync(again, _ => null, args));

        Assert.Equal(requests, (h.Web.Requests.Count, broken.Requests.Values.Sum(), broken.TlsAttempts));
        Assert.Equal(rows, h.Manifest("cats").Entries);
    }

    [Fact]
    public async Task Invoke_WhenTheDatasetFolderCannotBeWritten_FailsWithOneLineNamingThePath()
    {
        await using var h = await GatherHarness.StartAsync();
        var list = Path.Combine(h.Output, "cats.txt");
        await File.WriteAllLinesAsync(list, [h.Web.Serve("c/1.jpg", FakeResponse.Image(GatherImages.Jpeg(1)))]);
        var manifest = ClassManifest.PathFor(h.Output, "cats");
        Directory.CreateDirectory(manifest);
        using var console = new CapturedConsole();

        var error = await Assert.ThrowsAsync<CliException>(() => InvokeAsync(console, _ => null, "--provider", "urls", "--class", $"cats=@{list}", "--output", h.Output, "--min-size", "32"));

        Assert.StartsWith($"Could not write '{manifest}': ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Free disk space or fix the permissions there, then run again: what was gathered so far is kept.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Invoke_WhenAUrlFileIsMissing_FailsBeforeCreatingAnything()
    {
        await using var h = await GatherHarness.StartAsync();
        var cats = Path.Combine(h.Output, "cats.txt");
        await File.WriteAllLinesAsync(cats, [h.Web.Serve("c/1.jpg", FakeResponse.Image(GatherImages.Jpeg(1)))]);
        var output = Path.Combine(h.Output, "data");
        using var console = new CapturedConsole();

        var error = await Assert.ThrowsAsync<CliException>(() => InvokeAsync(console, _ => null, "--provider", "urls", "--class", $"cats=@{cats}", "dogs=@dogs.txt", "--output", output));

        Assert.Equal($"URL file '{Path.GetFullPath("dogs.txt")}' does not exist; write one image URL per line there.", error.Message);
        Assert.False(Directory.Exists(output));
        Assert.Empty(h.Web.Requests);
    }

    [Theory]
    [InlineData("--class", "../escape=cats", "Class name '../escape' cannot be a folder name")]
    [InlineData("--class", "cats=@cats.txt", "add --provider urls or give a search query")]
    public async Task Invoke_WithBadClass_FailsWithOneLine(string option, string value, string expected)
    {
        await using var h = await GatherHarness.StartAsync();

        using var console = new CapturedConsole();
        var error = await Assert.ThrowsAsync<CliException>(() => InvokeAsync(console, _ => "key", option, value, "--output", h.Output));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Create_HelpSaysBingWasRetired()
    {
        using var console = new CapturedConsole();
        var command = GatherCommand.Create(_ => null, console.Console, interactive: false);

        Assert.Contains("retired the public Bing Search APIs on 2025-08-11", command.Options.Single(o => o.Name == "--provider").Description, StringComparison.Ordinal);
    }

    private static Task<int> InvokeAsync(CapturedConsole console, Func<string, string?> environment, params string[] args)
    {
        var command = GatherCommand.Create(environment, console.Console, interactive: false);
        return command.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, CancellationToken.None);
    }
}

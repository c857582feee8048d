using ActressOnnx.Testing;
using ActressOnnx.Testing.Browser;
using ActressOnnx.Train.Audit;
using ActressOnnx.Train.Clean;
using ActressOnnx.Train.Report;
using ActressOnnx.Train.Tests.Report;
using Microsoft.AspNetCore.Builder;

namespace ActressOnnx.Train.Tests.Clean;

/// <summary>The cleaner's Issues view in headless Chromium: the audit's duplicate sets and label suspects, preselected, applied.</summary>
public sealed class CleanIssuesPageTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>, IAsyncLifetime, IDisposable
{
    private readonly DirectoryInfo scratch = TestPaths.NewTempDirectory("cleanissues");
    private CleanSession? session;
    private WebApplication? app;
    private Uri? url;

    private string Data => Path.Combine(scratch.FullName, "data");

    public async Task InitializeAsync()
    {
        SyntheticDataset.Write(Data, imagesPerClass: 4, size: 32);
        var items = Directory.GetFiles(Data, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select((path, i) => new CleanItem(i, CleanScoring.Relative(Data, path), Path.GetFileName(Path.GetDirectoryName(path))!, SplitNames.Train, "circles", 0.6, i, null, FileFingerprint.Of(path)))
            .ToList();
        session = new CleanSession(new CleanDataset(Data, SyntheticDataset.Labels, items, Reused: false));
        (app, url) = await CleanServer.StartAsync(session, new CleanServerOptions(), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await app!.DisposeAsync();
        scratch.Delete(recursive: true);
    }

    public void Dispose() => session?.Dispose();

    [Fact]
    public async Task IssuesView_KeepsOneOfEachSetAndMovesSuspectsToTheSuggestedClass()
    {
        var audit = Directory.CreateDirectory(Path.Combine(scratch.FullName, "data-audit")).FullName;
        AuditFile.Write(Path.Combine(audit, AuditFile.IssuesFileName),
        [
            new AuditFinding("circles/0000.png", AuditIssue.ExactDuplicate, 1, "exact-1"),
            new AuditFinding("circles/0001.png", AuditIssue.ExactDuplicate, 1, "exact-1"),
            new AuditFinding("stripes/0000.png", AuditIssue.NearDuplicate, 0.97, "near-1"),
            new AuditFinding("stripes/0001.png", AuditIssue.NearDuplicate, 0.97, "near-1"),
            new AuditFinding("stripes/0002.png", AuditIssue.NearDuplicate, 0.95, "near-1"),
            new AuditFinding("gone/0009.png", AuditIssue.NearDuplicate, 0.95, "near-2"),
            new AuditFinding("circles/0003.png", AuditIssue.Label, 0.91, Suggested: "stripes", SuggestedProbability: 0.88),
            new AuditFinding("stripes/0003.png", AuditIssue.Dark, 0.7),
        ]);
        var page = await chromium.NewPageAsync(1280, 900);
        await page.GotoAsync(url!.ToString());
        await page.WaitForSelectorAsync("#items[data-ready]");

        await page.Locator("#view").SelectOptionAsync("issues");
        await page.WaitForSelectorAsync("section.set");
        var sets = await page.EvalOnSelectorAllAsync<string[]>("section.set", "els => els.map(s => [...s.querySelectorAll('select')].map(c => c.value).join(','))");
        Assert.Equal(["keep,delete", "keep,delete,delete"], sets);
        var suspects = await page.EvalOnSelectorAllAsync<string[]>("main > .item select", "els => els.map(c => c.value)");
        Assert.Equal(["move:stripes"], suspects);
        Assert.False(await page.Locator("#label").IsVisibleAsync());
        Assert.Equal("Apply 4 changes", await page.Locator("#apply").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = TrainingReportTests.Screenshot("cleaner-issues.png"), FullPage = true });

        await page.Locator("#apply").ClickAsync();
        await page.WaitForSelectorAsync("#status.ok");
        await page.Context.CloseAsync();

        Assert.True(File.Exists(Path.Combine(Data, "circles", "0000.png")), "the first of a set is kept");
        Assert.False(File.Exists(Path.Combine(Data, "circles", "0001.png")));
        Assert.True(File.Exists(Path.Combine(scratch.FullName, "data-quarantine", "circles", "0001.png")));
        Assert.Equal(["0000.png", "0003 (2).png", "0003.png"], Directory.GetFiles(Path.Combine(Data, "stripes")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(Data, "circles", "0003.png")), "the suspect moved to the suggested class");
        Assert.Equal(4, File.ReadAllLines(Path.Combine(Data, "clean-log.jsonl")).Length);
    }
}

using System.Text.Json;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Browser;
using ActressOnnx.Testing.Cli;
using ActressOnnx.Testing.Net;
using ActressOnnx.Train.Tests.Report;
using Microsoft.Playwright;

namespace ActressOnnx.Train.Tests.Clean;

/// <summary>The cleaner as a person uses it: the real CLI serving the page, real Chromium clicking it, then `clean --undo`.</summary>
public sealed class CleanPageTests(TrainedReportFixture trained, HeadlessChromium chromium)
    : IClassFixture<TrainedReportFixture>, IClassFixture<HeadlessChromium>, IDisposable
{
    private readonly DirectoryInfo scratch = TestPaths.NewTempDirectory("cleanpage");

    public void Dispose() => scratch.Delete(recursive: true);

    [Fact]
    public async Task CleanPage_WhenOneImageDeletedAndOneMoved_MovesFilesLogsThemAndUndoRestores()
    {
        var data = DatasetCopy.To(trained.DataDirectory, Path.Combine(scratch.FullName, "data"));
        var circlesBefore = DatasetCopy.Files(data, "circles");
        var stripesBefore = DatasetCopy.Files(data, "stripes");
        using var cli = CliProcess.Start("clean", "--data", data, "--checkpoint", trained.Result.CheckpointPath, "--port", LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture), "--device", "cpu");
        await cli.WaitForOutputLineAsync(line => line.StartsWith("Cleaner page: ", StringComparison.Ordinal));
        var url = cli.Stdout.Split('\n').First(l => l.StartsWith("Cleaner page: ", StringComparison.Ordinal))["Cleaner page: ".Length..].Split(' ')[0];
        Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal);
        Assert.Contains("Reusing the scores", cli.Stdout, StringComparison.Ordinal);

        var page = await chromium.NewPageAsync(1280, 900);
        await page.GotoAsync(url);
        await page.WaitForSelectorAsync("#items[data-ready]");
        var losses = await Losses(page);
        Assert.Equal(7, losses.Length); // 10 circles, 3 of them validation images (valid-pct 0.3)
        Assert.Equal(losses.OrderDescending(), losses);
        var files = await page.EvalOnSelectorAllAsync<string[]>(".item .file", "els => els.map(e => e.textContent)");
        await page.ScreenshotAsync(new() { Path = TrainingReportTests.Screenshot("cleaner-desktop.png"), FullPage = true });

        var choices = page.Locator(".item select");
        await choices.Nth(0).SelectOptionAsync("delete");
        await choices.Nth(1).SelectOptionAsync("move:stripes");
        Assert.Equal("Apply 2 changes", await page.Locator("#apply").InnerTextAsync());
        await page.Locator("#apply").ClickAsync();
        await page.WaitForSelectorAsync("#status.ok");
        Assert.Equal(5, (await Losses(page)).Length);
        await page.Context.CloseAsync();

        var deleted = Path.GetFileName(files[0]);
        var moved = Path.GetFileName(files[1]);
        var quarantine = Path.Combine(scratch.FullName, "data-quarantine", "circles", deleted);
        Assert.True(File.Exists(quarantine), "the deleted image is in the quarantine");
        Assert.False(File.Exists(Path.Combine(data, "circles", deleted)));
        Assert.True(File.Exists(Path.Combine(data, "stripes", moved)), "the moved image is in the other class");
        Assert.False(File.Exists(Path.Combine(data, "circles", moved)));
        var log = File.ReadAllLines(Path.Combine(data, "clean-log.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, log.Count);
        Assert.Equal(["delete", "move"], log.Select(e => e.GetProperty("action").GetString()).Order());
        var deleteEntry = log.Single(e => e.GetProperty("action").GetString() == "delete");
        Assert.Equal($"data/circles/{deleted}", deleteEntry.GetProperty("from").GetString());
        Assert.Equal($"data-quarantine/circles/{deleted}", deleteEntry.GetProperty("to").GetString());
        Assert.True(deleteEntry.GetProperty("time").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));

        await cli.InterruptAsync();
        Assert.Equal(0, await cli.WaitForExitAsync());
        var (exitCode, stdout, stderr) = await CliProcess.RunAsync("clean", "--data", data, "--undo");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("2 file(s) restored", stdout, StringComparison.Ordinal);
        Assert.Equal(circlesBefore, DatasetCopy.Files(data, "circles"));
        Assert.Equal(stripesBefore, DatasetCopy.Files(data, "stripes"));
        Assert.Empty(Directory.GetFiles(Path.Combine(scratch.FullName, "data-quarantine"), "*", SearchOption.AllDirectories));
        Assert.Equal(4, File.ReadAllLines(Path.Combine(data, "clean-log.jsonl")).Length);
    }

    [Fact]
    public async Task CleanPage_AtPhoneWidth_ShowsTwoColumnsAndTheApplyButton()
    {
        var data = DatasetCopy.To(trained.DataDirectory, Path.Combine(scratch.FullName, "data"));
        using var cli = CliProcess.Start("clean", "--data", data, "--checkpoint", trained.Result.CheckpointPath, "--device", "cpu");
        await cli.WaitForOutputLineAsync(line => line.StartsWith("Cleaner page: ", StringComparison.Ordinal));
        var url = cli.Stdout.Split('\n').First(l => l.StartsWith("Cleaner page: ", StringComparison.Ordinal))["Cleaner page: ".Length..].Split(' ')[0];

        var page = await chromium.NewPageAsync(390, 844);
        await page.GotoAsync(url);
        await page.WaitForSelectorAsync("#items[data-ready]");
        await page.Locator("#split").SelectOptionAsync("valid");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.item').length === 3");
        var tops = await page.EvalOnSelectorAllAsync<double[]>(".item", "els => els.slice(0, 2).map(e => e.getBoundingClientRect().top)");
        var widths = await page.EvalOnSelectorAllAsync<double[]>(".item", "els => els.map(e => e.getBoundingClientRect().right)");
        var applyVisible = await page.Locator("#apply").IsVisibleAsync();
        await page.ScreenshotAsync(new() { Path = TrainingReportTests.Screenshot("cleaner-phone.png"), FullPage = true });
        await page.Context.CloseAsync();

        Assert.Equal(tops[0], tops[1]); // two cards side by side
        Assert.All(widths, right => Assert.True(right <= 390, $"a card ends at {right}px, past the 390px screen"));
        Assert.True(applyVisible);
    }

    [Fact]
    public async Task CleanPage_WhenAnotherTabAppliedFirst_TellsThisTabToReloadAndChangesNothing()
    {
        var data = DatasetCopy.To(trained.DataDirectory, Path.Combine(scratch.FullName, "data"));
        using var cli = CliProcess.Start("clean", "--data", data, "--checkpoint", trained.Result.CheckpointPath, "--device", "cpu");
        await cli.WaitForOutputLineAsync(line => line.StartsWith("Cleaner page: ", StringComparison.Ordinal));
        var url = cli.Stdout.Split('\n').First(l => l.StartsWith("Cleaner page: ", StringComparison.Ordinal))["Cleaner page: ".Length..].Split(' ')[0];
        var first = await chromium.NewPageAsync();
        var second = await first.Context.NewPageAsync();
        foreach (var tab in new[] { first, second })
        {
            await tab.GotoAsync(url);
            await tab.WaitForSelectorAsync("#items[data-ready]");
        }

        await first.Locator(".item select").Nth(0).SelectOptionAsync("delete");
        await second.Locator(".item select").Nth(1).SelectOptionAsync("move:stripes");
        await first.Locator("#apply").ClickAsync();
        await first.WaitForSelectorAsync("#status.ok");
        await second.Locator("#apply").ClickAsync();
        await second.WaitForSelectorAsync("#status.error");
        var message = await second.Locator("#status").InnerTextAsync();
        await second.ScreenshotAsync(new() { Path = TrainingReportTests.Screenshot("cleaner-conflict.png") });
        await first.Context.CloseAsync();

        Assert.Contains("Reload the page", message, StringComparison.Ordinal);
        Assert.Equal(TrainedReportFixture.ImagesPerClass - 1, DatasetCopy.Files(data, "circles").Length);
        Assert.Equal(TrainedReportFixture.ImagesPerClass, DatasetCopy.Files(data, "stripes").Length);
        Assert.Single(File.ReadAllLines(Path.Combine(data, "clean-log.jsonl")));
    }

    private static Task<double[]> Losses(IPage page) =>
        page.EvalOnSelectorAllAsync<double[]>(".item", "els => els.map(e => Number(e.dataset.loss))");
}

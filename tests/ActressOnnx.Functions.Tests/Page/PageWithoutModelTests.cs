using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Browser;
using ActressOnnx.Testing.Images;
using ActressOnnx.Testing.Serving;
using static Microsoft.Playwright.Assertions;

namespace ActressOnnx.Functions.Tests.Page;

/// <summary>The page of an app with no model yet (503 from health and predict): it says why and stays usable.</summary>
[Collection(SharedAzurite.Name)]
public sealed class PageWithoutModelTests : IClassFixture<HeadlessChromium>
{
    private readonly AzuriteFixture _azurite;
    private readonly HeadlessChromium _chromium;

    public PageWithoutModelTests(AzuriteFixture azurite, HeadlessChromium chromium)
    {
        _azurite = azurite;
        _chromium = chromium;
    }

    [Fact]
    public async Task Page_WhenNoModelIsPublished_ShowsTheServiceReasonAndLetsPeopleRetry()
    {
        await using var app = await FunctionAppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ModelStorage__ConnectionString"] = _azurite.ConnectionString,
            ["ModelStorage__ContainerName"] = _azurite.NewContainerName("nomodel"),
        });
        var reason = (await app.GetHealthAsync()).GetProperty("detail").GetString()!;
        Assert.Contains("actressonnx publish", reason, StringComparison.Ordinal);
        await using var page = await PredictionPage.OpenAsync(_chromium, app, "/api/app", waitForModel: false);

        await Expect(page.Page.Locator("#service-notice")).ToHaveTextAsync($"{reason} This page checks again by itself.");
        await Expect(page.Page.Locator("#model-line")).ToHaveTextAsync("No model is being served yet.");
        var screenshots = Directory.CreateDirectory(Path.Combine(TestPaths.RepositoryRoot, "artifacts", "screenshots"));
        await page.Page.ScreenshotAsync(new() { Path = Path.Combine(screenshots.FullName, "page-no-model.png"), FullPage = true });
        await page.ChooseAsync("sunset.jpg", "image/jpeg", LandscapePhotos.Jpeg(120, 90, LandscapePhotos.Red));
        await page.ClassifyAsync();

        var (title, detail) = await page.ShownErrorAsync();
        Assert.Equal("The service is not ready", title);
        Assert.Equal(reason, detail);
        var retry = page.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Try again" });
        await retry.ClickAsync();
        await Expect(page.Error).ToBeVisibleAsync();
        Assert.Equal(2, page.Sent.Count);
        await Expect(page.Submit).ToBeEnabledAsync();
        await Expect(page.Result).ToBeHiddenAsync();
        Assert.False(app.HasExited);
    }
}

using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Browser;
using ActressOnnx.Testing.Images;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ActressOnnx.Functions.Tests.Page;

/// <summary>
/// <c>predict</c> behind a function key: the page takes the key from its address or asks for it, and sends it as
/// <c>x-functions-key</c>. The Functions host that checks keys cannot run here, so where a test needs a 401 a
/// Playwright route answers for the host and lets requests with the right key through to the real app.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class PageFunctionKeyTests : IClassFixture<Endpoints.PublishedModelApp>, IClassFixture<HeadlessChromium>
{
    private const string Key = "k3y_from-the-portal==";
    private static readonly byte[] Photo = LandscapePhotos.Jpeg(120, 90, LandscapePhotos.Blue);
    private readonly AzuriteFixture _azurite;
    private readonly Endpoints.PublishedModelApp _fixture;
    private readonly HeadlessChromium _chromium;

    public PageFunctionKeyTests(AzuriteFixture azurite, Endpoints.PublishedModelApp fixture, HeadlessChromium chromium)
    {
        _azurite = azurite;
        _fixture = fixture;
        _chromium = chromium;
    }

    [Theory]
    [InlineData("/api/app#key=k3y_from-the-portal%3D%3D", "/api/app")]
    [InlineData("/api/app#view=big&key=k3y_from-the-portal==", "/api/app#view=big")]
    [InlineData("/api/app?code=k3y_from-the-portal%3D%3D&lang=en", "/api/app?lang=en")]
    public async Task Classify_WhenKeyInTheAddress_SendsItAsFunctionsKeyAndTakesItOutOfTheAddress(string address, string cleaned)
    {
        var app = await _fixture.GetAsync(_azurite);
        await using var page = await PredictionPage.OpenAsync(_chromium, app, address);

        Assert.Equal($"http://127.0.0.1:{app.Port}{cleaned}", page.Page.Url);
        Assert.Equal("blue", await page.ClassifyAsync("sea.jpg", "image/jpeg", Photo));
        Assert.Equal(Key, Assert.Single(page.Sent).Header("x-functions-key"));
    }

    [Fact]
    public async Task Classify_WhenNoKeyGiven_SendsNoKeyHeader()
    {
        var app = await _fixture.GetAsync(_azurite);
        await using var page = await PredictionPage.OpenAsync(_chromium, app, "/");

        Assert.Equal("blue", await page.ClassifyAsync("sea.jpg", "image/jpeg", Photo));

        Assert.Null(Assert.Single(page.Sent).Header("x-functions-key"));
    }

    [Fact]
    public async Task Classify_WhenServiceAnswers401_AsksForTheKeyAndRemembersItInTheTab()
    {
        var app = await _fixture.GetAsync(_azurite);
        await using var page = await PredictionPage.OpenAsync(_chromium, app, "/api/app", beforeOpen: RequireKeyAsync);

        await page.ChooseAsync("sea.jpg", "image/jpeg", Photo);
        await page.ClassifyAsync();
        var (title, _) = await page.ShownErrorAsync();
        Assert.Equal("A key is needed", title);
        var keyBox = page.Page.GetByLabel("This service needs a function key");
        await Expect(keyBox).ToBeFocusedAsync();

        await keyBox.FillAsync("not-the-key");
        await keyBox.PressAsync("Enter");
        await Expect(page.Page.Locator("#key-form")).ToBeVisibleAsync();
        Assert.Equal("A key is needed", (await page.ShownErrorAsync()).Title);
        await keyBox.FillAsync(Key);
        await keyBox.PressAsync("Enter");

        Assert.Equal("blue", await page.ShownLabelAsync());
        Assert.Equal([null, "not-the-key", Key], page.Sent.Select(s => s.Header("x-functions-key")));
        await Expect(page.Page.Locator("#key-form")).ToBeHiddenAsync();

        await page.Page.ReloadAsync();
        Assert.Equal("blue", await page.ClassifyAsync("sea.jpg", "image/jpeg", Photo));
        Assert.Equal(Key, page.Sent[^1].Header("x-functions-key"));
    }

    // Stands in for the Functions host's key check: 401 with an empty body unless the right key comes with the request.
    private static Task RequireKeyAsync(IPage page) => page.RouteAsync("**/api/predict", async route =>
    {
        var headers = await route.Request.AllHeadersAsync();
        if (headers.TryGetValue("x-functions-key", out var key) && key == Key)
        {
            await route.FallbackAsync();
        }
        else
        {
            await route.FulfillAsync(new RouteFulfillOptions { Status = 401 });
        }
    });
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ActressOnnx.Functions.Tests.Endpoints;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Browser;
using ActressOnnx.Testing.Images;
using ActressOnnx.Testing.Serving;
using static Microsoft.Playwright.Assertions;

namespace ActressOnnx.Functions.Tests.Page;

/// <summary>
/// What people do wrong or what goes wrong around them: the page says so in plain words and keeps working
/// (each test ends by classifying a good photo on the same page).
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class PageBadInputTests : IClassFixture<PublishedModelApp>, IClassFixture<HeadlessChromium>
{
    private static readonly byte[] Photo = LandscapePhotos.Jpeg(120, 90, LandscapePhotos.Red);
    private readonly AzuriteFixture _azurite;
    private readonly PublishedModelApp _fixture;
    private readonly HeadlessChromium _chromium;

    public PageBadInputTests(AzuriteFixture azurite, PublishedModelApp fixture, HeadlessChromium chromium)
    {
        _azurite = azurite;
        _fixture = fixture;
        _chromium = chromium;
    }

    public static TheoryData<string, string, string> Unreadable => new()
    {
        { "notes.txt", "text/plain", "That file is not a photo the service can read" },
        { "broken.jpg", "image/jpeg", "That photo is damaged" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task Upload_WhenFileIsNoImageOrCorrupt_ShowsTheServiceDetailAndStaysUsable(string name, string mimeType, string title)
    {
        var app = await _fixture.GetAsync(_azurite);
        var bytes = name.EndsWith(".txt", StringComparison.Ordinal)
            ? Encoding.UTF8.GetBytes("Shopping list: bread, milk, a better photo.\n")
            : LandscapePhotos.CorruptJpeg();
        var apiDetail = await ApiDetailAsync(app, bytes);
        await using var page = await PredictionPage.OpenAsync(_chromium, app);

        await page.ChooseAsync(name, mimeType, bytes);
        await Expect(page.Chosen).ToContainTextAsync("This browser cannot show it");
        await page.ClassifyAsync();

        var (shownTitle, detail) = await page.ShownErrorAsync();
        Assert.Equal(title, shownTitle);
        Assert.Equal(apiDetail, detail);
        await Expect(page.Page.Locator("#retry")).ToBeHiddenAsync();  // sending it again would not help
        Assert.Equal("application/octet-stream", Assert.Single(page.Sent).Header("content-type"));
        await AssertStillUsableAsync(page);
    }

    [Fact]
    public async Task Choose_WhenFileIsEmpty_SaysSoWithoutSendingIt()
    {
        var app = await _fixture.GetAsync(_azurite);
        await using var page = await PredictionPage.OpenAsync(_chromium, app);

        await page.ChooseAsync("empty.jpg", "image/jpeg", []);

        var (title, detail) = await page.ShownErrorAsync();
        Assert.Equal("That file is empty", title);
        Assert.Equal("empty.jpg has 0 bytes. Choose a photo.", detail);
        await Expect(page.Submit).ToBeDisabledAsync();
        Assert.Empty(page.Sent);
        await AssertStillUsableAsync(page);
    }

    [Fact]
    public async Task Choose_WhenFileIs50MegabytesTheBrowserCannotShrink_SaysTheLimitWithoutSendingIt()
    {
        var app = await _fixture.GetAsync(_azurite);
        var directory = TestPaths.NewTempDirectory();
        try
        {
            var path = Path.Combine(directory.FullName, "scan.jpg");
            var bytes = new byte[50 * 1024 * 1024];
            new Random(50).NextBytes(bytes);
            await File.WriteAllBytesAsync(path, bytes);
            await using var page = await PredictionPage.OpenAsync(_chromium, app);

            await page.ChooseFileAsync(path);

            var (title, detail) = await page.ShownErrorAsync();
            Assert.Equal("That file is too large", title);
            Assert.Equal("scan.jpg is 50.0 MB and this browser cannot read it to shrink it; the service takes at most 256 KB. Choose a smaller photo.", detail);
            await Expect(page.Submit).ToBeDisabledAsync();
            Assert.Empty(page.Sent);
            await AssertStillUsableAsync(page);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Choose_WhenPickCancelled_SaysSoAndKeepsThePreviousPhoto()
    {
        var app = await _fixture.GetAsync(_azurite);
        await using var page = await PredictionPage.OpenAsync(_chromium, app);

        await CancelPickAsync(page);
        await Expect(page.Chosen).ToHaveTextAsync("No photo chosen. Choose or take a photo, or drop one here.");
        await Expect(page.Submit).ToBeDisabledAsync();

        await page.ChooseAsync("sunset.jpg", "image/jpeg", Photo);
        await Expect(page.Submit).ToBeEnabledAsync();
        await CancelPickAsync(page);
        await Expect(page.Chosen).ToHaveTextAsync("No new photo chosen; still using sunset.jpg.");
        await page.ClassifyAsync();
        Assert.Equal("red", await page.ShownLabelAsync());
    }

    [Fact]
    public async Task Classify_WhenPressedTwiceQuickly_SendsOneRequest()
    {
        var app = await _fixture.GetAsync(_azurite);
        await using var page = await PredictionPage.OpenAsync(_chromium, app);
        await page.Page.RouteAsync("**/api/predict", async route =>
        {
            await Task.Delay(500);  // a slow network: the second press comes while the first is on its way
            await route.FallbackAsync();
        });
        await page.ChooseAsync("sunset.jpg", "image/jpeg", Photo);
        await Expect(page.Submit).ToBeEnabledAsync();

        await page.Submit.DblClickAsync();
        await page.Page.EvaluateAsync("() => document.getElementById('form').requestSubmit()");
        await page.Page.Keyboard.PressAsync("Enter");

        Assert.Equal("red", await page.ShownLabelAsync());
        await Expect(page.Submit).ToBeEnabledAsync();
        Assert.Single(page.Sent);
    }

    [Fact]
    public async Task Choose_WhenAnotherPhotoChosenWhileClassifying_ShowsNoStaleAnswer()
    {
        var app = await _fixture.GetAsync(_azurite);
        await using var page = await PredictionPage.OpenAsync(_chromium, app);
        await page.Page.RouteAsync("**/api/predict", async route =>
        {
            await Task.Delay(1000);
            await route.FallbackAsync();
        });
        await page.ChooseAsync("sunset.jpg", "image/jpeg", Photo);
        await page.ClassifyAsync();
        await Expect(page.Page.Locator("#progress")).ToBeVisibleAsync();

        await page.ChooseAsync("sea.jpg", "image/jpeg", LandscapePhotos.Jpeg(120, 90, LandscapePhotos.Blue));
        await Expect(page.Page.Locator("#progress")).ToBeHiddenAsync();  // the first answer has come back
        await Expect(page.Submit).ToBeEnabledAsync();

        await Expect(page.Result).ToBeHiddenAsync();
        await Expect(page.Error).ToBeHiddenAsync();
        await page.ClassifyAsync();
        Assert.Equal("blue", await page.ShownLabelAsync());
        Assert.Equal(2, page.Sent.Count);
    }

    [Fact]
    public async Task Classify_WhenServiceNeverAnswers_GivesUpAfter30SecondsAndRetries()
    {
        var app = await _fixture.GetAsync(_azurite);
        await using var page = await PredictionPage.OpenAsync(_chromium, app, beforeOpen: p => p.Clock.InstallAsync());
        var hung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<Microsoft.Playwright.IRoute, Task> hang = async route =>
        {
            hung.TrySetResult();
            await held.Task;
            await route.AbortAsync();
        };
        await page.Page.RouteAsync("**/api/predict", hang);
        await page.ChooseAsync("sunset.jpg", "image/jpeg", Photo);
        await page.ClassifyAsync();
        await hung.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Expect(page.Submit).ToBeDisabledAsync();

        await page.Page.Clock.RunForAsync(31_000);

        var (title, detail) = await page.ShownErrorAsync();
        Assert.Equal("No answer", title);
        Assert.Contains("did not answer within 30 seconds", detail, StringComparison.Ordinal);
        await Expect(page.Submit).ToBeEnabledAsync();
        await page.Page.UnrouteAsync("**/api/predict", hang);
        held.SetResult();
        await page.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
        Assert.Equal("red", await page.ShownLabelAsync());
        await Expect(page.Error).ToBeHiddenAsync();
    }

    private static async Task CancelPickAsync(PredictionPage page)
    {
        var chooser = await page.Page.RunAndWaitForFileChooserAsync(() => page.Page.Locator("label[for=file]").ClickAsync());
        await chooser.SetFilesAsync(Array.Empty<string>());
    }

    private static async Task AssertStillUsableAsync(PredictionPage page)
    {
        var sentBefore = page.Sent.Count;
        await page.ChooseAsync("sunset.jpg", "image/jpeg", Photo);
        await Expect(page.Error).ToBeHiddenAsync();
        await page.ClassifyAsync();
        Assert.Equal("red", await page.ShownLabelAsync());
        Assert.Equal(sentBefore + 1, page.Sent.Count);
    }

    private static async Task<string> ApiDetailAsync(FunctionAppProcess app, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await app.Client.PostAsync(new Uri("/api/predict", UriKind.Relative), content);
        Assert.False(response.IsSuccessStatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }
}

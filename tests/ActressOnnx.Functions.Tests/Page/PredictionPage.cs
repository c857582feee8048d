using System.Collections.Concurrent;
using ActressOnnx.Testing.Browser;
using ActressOnnx.Testing.Serving;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ActressOnnx.Functions.Tests.Page;

/// <summary>
/// The served page open in headless Chromium, driven as a person would (choose a file, press Classify), recording
/// every <c>POST /api/predict</c> the page sends: its headers and body as they left the browser.
/// </summary>
internal sealed class PredictionPage : IAsyncDisposable
{
    private readonly ConcurrentQueue<SentPrediction> _sent = new();
    private readonly ConcurrentQueue<string> _problems = new();

    static PredictionPage()
    {
        // The machines running the tests are small and busy: give the page time before calling it broken.
        SetDefaultExpectTimeout(20_000);
    }

    private PredictionPage(IPage page, FunctionAppProcess app)
    {
        Page = page;
        App = app;
    }

    public IPage Page { get; }

    public FunctionAppProcess App { get; }

    /// <summary>The predict requests the page sent, in order.</summary>
    public IReadOnlyList<SentPrediction> Sent => [.. _sent];

    /// <summary>Console errors, failed page loads and requests to anything but the app (none expected).</summary>
    public IReadOnlyList<string> Problems => [.. _problems];

    public ILocator Label => Page.Locator("#label");

    public ILocator Probability => Page.Locator("#probability");

    public ILocator Result => Page.Locator("#result");

    public ILocator Error => Page.Locator("#error");

    public ILocator ErrorTitle => Page.Locator("#error-title");

    public ILocator ErrorDetail => Page.Locator("#error-detail");

    public ILocator Chosen => Page.Locator("#chosen");

    public ILocator Submit => Page.Locator("#submit");

    /// <summary>
    /// Opens <paramref name="path"/> of the app in a new page; unless <paramref name="waitForModel"/> is false, waits
    /// until the page has read the served model from <c>/api/health</c>.
    /// <paramref name="beforeOpen"/> runs before the page loads (routes, a fake clock).
    /// </summary>
    public static async Task<PredictionPage> OpenAsync(
        HeadlessChromium chromium, FunctionAppProcess app, string path = "/", int width = 1280, int height = 900,
        bool waitForModel = true, Func<IPage, Task>? beforeOpen = null)
    {
        var page = await chromium.NewPageAsync(width, height);
        var session = new PredictionPage(page, app);
        var origin = $"http://127.0.0.1:{app.Port}";
        page.Console += (_, message) =>
        {
            // Chromium logs every 4xx/5xx answer as "Failed to load resource"; those answers are what error tests expect.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded", StringComparison.Ordinal))
            {
                session._problems.Enqueue("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => session._problems.Enqueue("page error: " + error);
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin + "/", StringComparison.Ordinal) && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                session._problems.Enqueue("request outside the app: " + request.Url);
            }
        };
        if (beforeOpen is not null)
        {
            await beforeOpen(page);
        }

        // Registered last, so it runs first (Playwright tries routes newest first) and sees what left the browser.
        await page.RouteAsync("**/api/predict", async route =>
        {
            var request = route.Request;
            session._sent.Enqueue(new SentPrediction(await request.AllHeadersAsync(), request.PostDataBuffer ?? []));
            await route.FallbackAsync();
        });

        await page.GotoAsync(origin + path);
        if (waitForModel)
        {
            try
            {
                await Expect(page.Locator("#model-line")).ToContainTextAsync("version");
            }
            catch (PlaywrightException ex)
            {
                throw new InvalidOperationException($"The page did not show the served model. Browser problems: [{string.Join("; ", session.Problems)}]", ex);
            }
        }

        return session;
    }

    /// <summary>Picks a file with the "Choose a photo" input.</summary>
    public Task ChooseAsync(string name, string mimeType, byte[] bytes) =>
        Page.SetInputFilesAsync("#file", new FilePayload { Name = name, MimeType = mimeType, Buffer = bytes });

    /// <summary>Picks a file from disk (Playwright passes large files by path only).</summary>
    public Task ChooseFileAsync(string path) => Page.SetInputFilesAsync("#file", path);

    /// <summary>Presses Classify once it is enabled.</summary>
    public async Task ClassifyAsync()
    {
        await Expect(Submit).ToBeEnabledAsync();
        await Submit.ClickAsync();
    }

    /// <summary>Chooses the photo, classifies it and returns the label shown.</summary>
    public async Task<string> ClassifyAsync(string name, string mimeType, byte[] bytes)
    {
        await ChooseAsync(name, mimeType, bytes);
        await ClassifyAsync();
        return await ShownLabelAsync();
    }

    /// <summary>Waits for an answer and returns its label.</summary>
    public async Task<string> ShownLabelAsync()
    {
        await Expect(Result).ToBeVisibleAsync();
        return (await Label.TextContentAsync())!;
    }

    /// <summary>Waits for an error and returns its title and detail.</summary>
    public async Task<(string Title, string Detail)> ShownErrorAsync()
    {
        await Expect(Error).ToBeVisibleAsync();
        return ((await ErrorTitle.TextContentAsync())!, (await ErrorDetail.TextContentAsync())!);
    }

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();
}

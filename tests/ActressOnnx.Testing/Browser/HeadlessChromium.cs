using Microsoft.Playwright;

namespace ActressOnnx.Testing.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (which cannot download its own browsers here), headless, with the
/// background-networking features off so that it makes no connection but to the pages a test opens.
/// Share one per test class (<c>IClassFixture&lt;HeadlessChromium&gt;</c>) and open a new context per test.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable, IDisposable
{
    /// <summary>Where Debian's <c>chromium</c> package puts the browser; <c>CHROMIUM_PATH</c> overrides it.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The browser, launched on first use.</summary>
    /// <exception cref="InvalidOperationException">Chromium is not installed.</exception>
    public async Task<IBrowser> GetBrowserAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_browser is not null)
            {
                return _browser;
            }

            if (!File.Exists(ExecutablePath))
            {
                throw new InvalidOperationException(
                    $"Chromium is not at {ExecutablePath}. Install it with `apt-get install -y chromium` (scripts/test.sh does, as root) or set CHROMIUM_PATH.");
            }

            _playwright = await Playwright.CreateAsync().ConfigureAwait(false);
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
            }).ConfigureAwait(false);
            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A fresh page in its own context (no shared cookies or storage), at the given viewport size.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var browser = await GetBrowserAsync().ConfigureAwait(false);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
        }).ConfigureAwait(false);
        return await context.NewPageAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync().ConfigureAwait(false);
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
        _gate.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}

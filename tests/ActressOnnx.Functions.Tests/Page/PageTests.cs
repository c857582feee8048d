using System.Globalization;
using System.Net.Http.Headers;
using ActressOnnx.Functions.Tests.Endpoints;
using ActressOnnx.Imaging;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Browser;
using ActressOnnx.Testing.Images;
using ActressOnnx.Testing.Onnx;
using ActressOnnx.Testing.Serving;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ActressOnnx.Functions.Tests.Page;

/// <summary>
/// The page served by the real app (child process, tiny colour model published to Azurite), used in headless Chromium
/// as a person would: choose a photo, press Classify, read the answer.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class PageTests : IClassFixture<PublishedModelApp>, IClassFixture<HeadlessChromium>
{
    private static readonly Uri PredictUri = new("/api/predict", UriKind.Relative);
    private readonly AzuriteFixture _azurite;
    private readonly PublishedModelApp _fixture;
    private readonly HeadlessChromium _chromium;
    private readonly ITestOutputHelper _output;

    public PageTests(AzuriteFixture azurite, PublishedModelApp fixture, HeadlessChromium chromium, ITestOutputHelper output)
    {
        _output = output;
        _azurite = azurite;
        _fixture = fixture;
        _chromium = chromium;
    }

    public static TheoryData<string, string> Photos => new()
    {
        { "/", "red" },
        { "/api/app", "blue" },
    };

    [Theory]
    [MemberData(nameof(Photos))]
    public async Task Upload_WhenPhotoChosen_ShowsTheLabelAndProbabilitiesTheApiGivesForTheSameFile(string path, string colour)
    {
        var app = await _fixture.GetAsync(_azurite);
        var photo = LandscapePhotos.Jpeg(120, 90, colour == "red" ? LandscapePhotos.Red : LandscapePhotos.Blue);
        var expected = await PredictAsync(app, photo);
        await using var page = await PredictionPage.OpenAsync(_chromium, app, path);

        var shown = await page.ClassifyAsync("holiday.jpg", "image/jpeg", photo);

        Assert.Equal(colour, shown);
        Assert.Equal(expected.Label, shown);
        await Expect(page.Probability).ToHaveTextAsync(Percent(expected.Probabilities[expected.Label], "0"));
        var rows = page.Page.Locator("#bars li");
        await Expect(rows).ToHaveCountAsync(3);
        foreach (var (label, probability) in expected.Probabilities)
        {
            await Expect(rows.Filter(new LocatorFilterOptions { HasText = label })).ToContainTextAsync(Percent(probability, "0.0"));
        }

        var version = _fixture.Published!.Published.Version;
        await Expect(page.Page.Locator("#meta")).ToContainTextAsync($"Model “colours”, version {version}");
        await Expect(page.Page.Locator("#meta")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"answered in \d+ ms"));
        await Expect(page.Page.Locator("#preview")).ToHaveAttributeAsync("alt", "The photo you chose: holiday.jpg");
        var sent = Assert.Single(page.Sent);
        Assert.Equal(photo, sent.Body);  // small enough to go as it is
        Assert.Equal("image/jpeg", sent.Header("content-type"));
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task Upload_WhenPhonePhotoChosen_SendsItShrunkToAFewTimesTheModelInput()
    {
        var app = await _fixture.GetAsync(_azurite);
        var photo = LandscapePhotos.Jpeg(4032, 3024, LandscapePhotos.Red);
        Assert.True(photo.Length > PublishedModelApp.MaxRequestBytes, "the test photo should be too large to send as it is");
        await using var page = await PredictionPage.OpenAsync(_chromium, app);

        var shown = await page.ClassifyAsync("IMG_0001.jpg", "image/jpeg", photo);

        var sent = Assert.Single(page.Sent).Body;
        var info = new ImageDecoder().Identify(sent);
        Assert.Equal(ImageFormat.Jpeg, info.Format);
        Assert.Equal((171, 128), (info.Width, info.Height));  // shorter side 4 x 32, the model's input
        _output.WriteLine($"4032x3024 photo of {photo.Length} bytes sent as {info.Width}x{info.Height}, {sent.Length} bytes");
        Assert.True(sent.Length < photo.Length / 20, $"sent {sent.Length} bytes of a {photo.Length} byte photo");
        Assert.Equal((await PredictAsync(app, sent)).Label, shown);
        Assert.Equal("red", shown);
        await Expect(page.Page.Locator("#meta")).ToContainTextAsync("171×128, shrunk from");
    }

    [Fact]
    public async Task Upload_WhenPhotoIsExifRotated_SendsUprightPixels()
    {
        var app = await _fixture.GetAsync(_azurite);
        using var quadrants = TestImages.Quadrants(400, 300);
        var photo = TestImages.WithExifOrientation(TestImages.Encode(quadrants, ImageFormat.Jpeg), 6);
        await using var page = await PredictionPage.OpenAsync(_chromium, app);

        await page.ClassifyAsync("rotated.jpg", "image/jpeg", photo);

        var sent = Assert.Single(page.Sent).Body;
        var decoder = new ImageDecoder();
        var info = decoder.Identify(sent);
        Assert.Equal((128, 171), (info.Width, info.Height));
        var settings = new PreprocessSettings(8, 8, ResizeMethod.Squish);
        var upright = decoder.Decode(photo, settings);  // the service's decoder applies the EXIF orientation
        Assert.True(RgbPixels.MeanAbsoluteDifference(upright, decoder.Decode(sent, settings)) < 12, "the page sent the photo turned");
    }

    [Fact]
    public async Task Page_AtDesktopAndPhoneWidth_ShowsTheAnswerWithoutSidewaysScrolling()
    {
        var app = await _fixture.GetAsync(_azurite);
        var photo = LandscapePhotos.Jpeg(1200, 900, LandscapePhotos.Red, grain: false);
        var directory = Directory.CreateDirectory(Path.Combine(TestPaths.RepositoryRoot, "artifacts", "screenshots"));
        foreach (var (name, width, height) in new[] { ("desktop", 1280, 900), ("phone", 390, 844) })
        {
            await using var page = await PredictionPage.OpenAsync(_chromium, app, width: width, height: height);
            Assert.Equal("red", await page.ClassifyAsync("sunset.jpg", "image/jpeg", photo));
            await Expect(page.Page.Locator("#preview")).ToHaveJSPropertyAsync("complete", true);

            var overflow = await page.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"at {width} px the page scrolls sideways by {overflow} px");
            var labelBox = await page.Label.BoundingBoxAsync();
            Assert.True(labelBox is { Width: > 0 } && labelBox.X >= 0 && labelBox.X + labelBox.Width <= width, "the label is cut off");
            await page.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory.FullName, $"page-{name}.png"), FullPage = true });

            await page.ChooseAsync("broken.jpg", "image/jpeg", LandscapePhotos.CorruptJpeg());
            await page.ClassifyAsync();
            await page.ShownErrorAsync();
            overflow = await page.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"at {width} px the error makes the page scroll sideways by {overflow} px");
            await page.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory.FullName, $"page-{name}-error.png"), FullPage = true });
            Assert.Empty(page.Problems);
        }
    }

    [Fact]
    public async Task Upload_WhenFormatOnlyTheBrowserReads_SendsItAsJpeg()
    {
        var app = await _fixture.GetAsync(_azurite);
        var icon = Ico(ColorImages.RedPng(64));
        await using var page = await PredictionPage.OpenAsync(_chromium, app);

        var shown = await page.ClassifyAsync("favicon.ico", "image/x-icon", icon);

        Assert.Equal("red", shown);
        var sent = Assert.Single(page.Sent);
        Assert.Equal("image/jpeg", sent.Header("content-type"));
        var info = new ImageDecoder().Identify(sent.Body);
        Assert.Equal((ImageFormat.Jpeg, 64, 64), (info.Format, info.Width, info.Height));
    }

    [Fact]
    public async Task Drop_WhenPhotoDroppedOnThePage_ClassifiesIt()
    {
        var app = await _fixture.GetAsync(_azurite);
        var photo = LandscapePhotos.Jpeg(120, 90, LandscapePhotos.Blue);
        await using var page = await PredictionPage.OpenAsync(_chromium, app);
        var drop = page.Page.Locator("#drop");
        var transfer = await page.Page.EvaluateHandleAsync(
            "base64 => { const t = new DataTransfer(); t.items.add(new File([Uint8Array.from(atob(base64), c => c.charCodeAt(0))], 'dropped.jpg', { type: 'image/jpeg' })); return t; }",
            Convert.ToBase64String(photo));

        await drop.DispatchEventAsync("dragenter", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await Expect(drop).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bover\b"));
        await drop.DispatchEventAsync("drop", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await Expect(drop).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bover\b"));
        await Expect(page.Chosen).ToHaveTextAsync("dropped.jpg (" + (photo.Length / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " KB)");
        await page.ClassifyAsync();

        Assert.Equal("blue", await page.ShownLabelAsync());
        Assert.Equal(photo, Assert.Single(page.Sent).Body);
    }

    // An .ico holding one PNG image: Chromium decodes it, the service does not.
    private static byte[] Ico(byte[] png)
    {
        var ico = new byte[6 + 16 + png.Length];
        ico[2] = 1;  // type: icon
        ico[4] = 1;  // one image
        ico[6] = 64;
        ico[7] = 64;
        ico[10] = 1;  // colour planes
        ico[12] = 32;  // bits per pixel
        BitConverter.TryWriteBytes(ico.AsSpan(14), png.Length);
        BitConverter.TryWriteBytes(ico.AsSpan(18), 22);
        png.CopyTo(ico, 22);
        return ico;
    }

    private static string Percent(double probability, string format) =>
        (probability * 100).ToString(format, CultureInfo.InvariantCulture) + "%";

    private static async Task<(string Label, Dictionary<string, double> Probabilities)> PredictAsync(FunctionAppProcess app, byte[] photo)
    {
        using var content = new ByteArrayContent(photo);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var response = await app.Client.PostAsync(PredictUri, content);
        var prediction = await ProblemAssert.IsPredictionAsync(response);
        return (prediction.GetProperty("label").GetString()!,
            prediction.GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()));
    }
}

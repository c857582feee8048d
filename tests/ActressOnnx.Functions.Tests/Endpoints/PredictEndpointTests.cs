using System.Net;
using System.Net.Http.Headers;
using ActressOnnx.Imaging;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Images;
using ActressOnnx.Testing.Onnx;
using ActressOnnx.Testing.Serving;
using SkiaSharp;

namespace ActressOnnx.Functions.Tests.Endpoints;

[Collection(SharedAzurite.Name)]
public sealed class PredictEndpointTests : IClassFixture<PublishedModelApp>
{
    private static readonly Uri PredictUri = new("/api/predict", UriKind.Relative);
    private readonly AzuriteFixture _azurite;
    private readonly PublishedModelApp _fixture;

    public PredictEndpointTests(AzuriteFixture azurite, PublishedModelApp fixture)
    {
        _azurite = azurite;
        _fixture = fixture;
    }

    [Fact]
    public async Task Predict_WhenRawPngBody_ReturnsLabelProbabilitiesAndModelVersion()
    {
        var app = await _fixture.GetAsync(_azurite);

        using var response = await app.Client.PostAsync(PredictUri, Body(ColorImages.RedPng(), "image/png"));

        var prediction = await ProblemAssert.IsPredictionAsync(response);
        Assert.Equal("red", prediction.GetProperty("label").GetString());
        Assert.True(prediction.GetProperty("probability").GetSingle() > 0.9f);
        var probabilities = prediction.GetProperty("probabilities");
        Assert.Equal(["red", "green", "blue"], probabilities.EnumerateObject().Select(p => p.Name));
        Assert.Equal(prediction.GetProperty("probability").GetSingle(), probabilities.GetProperty("red").GetSingle());
        Assert.Equal("colours", prediction.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal(_fixture.Published!.Published.Version, prediction.GetProperty("model").GetProperty("version").GetString());
    }

    [Theory]
    [InlineData(ImageFormat.Jpeg, "image/jpeg")]
    [InlineData(ImageFormat.Webp, "application/octet-stream")]
    [InlineData(ImageFormat.Bmp, null)]
    public async Task Predict_WhenOtherFormatsAndContentTypes_Classifies(ImageFormat format, string? contentType)
    {
        var app = await _fixture.GetAsync(_azurite);
        using var blue = TestImages.Solid(48, 40, new SKColor(30, 40, 210));

        using var response = await app.Client.PostAsync(PredictUri, Body(TestImages.Encode(blue, format), contentType));

        Assert.Equal("blue", (await ProblemAssert.IsPredictionAsync(response)).GetProperty("label").GetString());
    }

    [Fact]
    public async Task Predict_WhenMultipartWithOneFile_Classifies()
    {
        var app = await _fixture.GetAsync(_azurite);
        using var form = new MultipartFormDataContent { { Body(ColorImages.BluePng(), "image/png"), "image", "blue.png" } };

        using var response = await app.Client.PostAsync(PredictUri, form);

        Assert.Equal("blue", (await ProblemAssert.IsPredictionAsync(response)).GetProperty("label").GetString());
    }

    [Fact]
    public async Task Predict_WhenMultipartWithTwoFiles_Returns400()
    {
        var app = await _fixture.GetAsync(_azurite);
        using var form = new MultipartFormDataContent
        {
            { Body(ColorImages.BluePng(), "image/png"), "a", "a.png" },
            { Body(ColorImages.RedPng(), "image/png"), "b", "b.png" },
        };

        using var response = await app.Client.PostAsync(PredictUri, form);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "too_many_files");
        await AssertStillServesAsync(app);
    }

    [Fact]
    public async Task Predict_WhenMultipartWithoutFile_Returns400()
    {
        var app = await _fixture.GetAsync(_azurite);
        using var form = new MultipartFormDataContent { { new StringContent("not a file"), "note" } };

        using var response = await app.Client.PostAsync(PredictUri, form);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "no_file");
    }

    [Fact]
    public async Task Predict_WhenMultipartWithFormFieldsBeforeTheFile_ClassifiesTheFile()
    {
        var app = await _fixture.GetAsync(_azurite);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("a note"), "note" },
            { Body(ColorImages.Png(32, 32, new SKColor(30, 210, 40)), "image/png"), "image", "green.png" },
            { new StringContent("another"), "other" },
        };

        using var response = await app.Client.PostAsync(PredictUri, form);

        Assert.Equal("green", (await ProblemAssert.IsPredictionAsync(response)).GetProperty("label").GetString());
    }

    [Fact]
    public async Task Predict_WhenMultipartHasNoBoundary_Returns400AndKeepsServing()
    {
        var app = await _fixture.GetAsync(_azurite);
        using var content = new ByteArrayContent(ColorImages.RedPng());
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");

        using var response = await app.Client.PostAsync(PredictUri, content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "bad_multipart");
        await AssertStillServesAsync(app);
    }

    [Fact]
    public async Task Predict_WhenEmptyBody_Returns400()
    {
        var app = await _fixture.GetAsync(_azurite);

        using var response = await app.Client.PostAsync(PredictUri, Body([], "image/jpeg"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "empty_body");
        await AssertStillServesAsync(app);
    }

    [Fact]
    public async Task Predict_WhenGarbageBytes_Returns415AndKeepsServing()
    {
        var app = await _fixture.GetAsync(_azurite);
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);

        using var response = await app.Client.PostAsync(PredictUri, Body(garbage, "application/octet-stream"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_image");
        await AssertStillServesAsync(app);
    }

    [Fact]
    public async Task Predict_WhenHtmlLabelledAsImage_Returns415()
    {
        var app = await _fixture.GetAsync(_azurite);

        using var response = await app.Client.PostAsync(PredictUri, Body("<!DOCTYPE html><html><body>hi</body></html>"u8.ToArray(), "image/png"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_image");
    }

    [Fact]
    public async Task Predict_WhenHtmlContentType_Returns415WithoutDecoding()
    {
        var app = await _fixture.GetAsync(_azurite);

        using var response = await app.Client.PostAsync(PredictUri, Body(ColorImages.RedPng(), "text/html"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_content_type");
        Assert.Contains("text/html", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_WhenTruncatedImage_Returns422AndKeepsServing()
    {
        var app = await _fixture.GetAsync(_azurite);
        using var picture = TestImages.SmoothPicture(64, 64);
        var jpeg = TestImages.Encode(picture, ImageFormat.Jpeg);

        using var response = await app.Client.PostAsync(PredictUri, Body(jpeg[..(jpeg.Length / 2)], "image/jpeg"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "truncated_image");
        await AssertStillServesAsync(app);
    }

    [Fact]
    public async Task Predict_WhenHeaderDeclaresTooManyPixels_Returns413()
    {
        var app = await _fixture.GetAsync(_azurite);

        using var response = await app.Client.PostAsync(PredictUri, Body(TestImages.PngDeclaringSize(30_000, 30_000), "image/png"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "too_many_pixels");
        await AssertStillServesAsync(app);
    }

    [Fact]
    public async Task Predict_WhenBodyOverLimit_Returns413AndKeepsServing()
    {
        var app = await _fixture.GetAsync(_azurite);
        var oversized = new byte[PublishedModelApp.MaxRequestBytes + 1];
        ColorImages.RedPng().CopyTo(oversized, 0);

        using var response = await app.Client.PostAsync(PredictUri, Body(oversized, "image/png"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body_too_large");
        await AssertStillServesAsync(app);
    }

    [Fact]
    public async Task Predict_WhenMultipartFileOverLimit_Returns413AndKeepsServing()
    {
        var app = await _fixture.GetAsync(_azurite);
        var oversized = new byte[PublishedModelApp.MaxRequestBytes + 1];
        ColorImages.RedPng().CopyTo(oversized, 0);
        using var form = new MultipartFormDataContent { { Body(oversized, "image/png"), "image", "big.png" } };

        using var response = await app.Client.PostAsync(PredictUri, form);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body_too_large");
        await AssertStillServesAsync(app);
    }

    [Fact]
    public async Task Predict_WhenChunkedBodyOverLimit_Returns413AndKeepsServing()
    {
        var app = await _fixture.GetAsync(_azurite);
        var oversized = new byte[PublishedModelApp.MaxRequestBytes * 2];
        ColorImages.RedPng().CopyTo(oversized, 0);
        using var request = new HttpRequestMessage(HttpMethod.Post, PredictUri) { Content = new StreamContent(new NonSeekableStream(oversized)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        request.Headers.TransferEncodingChunked = true;

        using var response = await app.Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body_too_large");
        await AssertStillServesAsync(app);
    }

    [Fact]
    public async Task Predict_WhenManyConcurrentRequests_AllAnswerCorrectly()
    {
        var app = await _fixture.GetAsync(_azurite);
        var red = ColorImages.RedPng();
        var blue = ColorImages.BluePng();

        var labels = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            using var response = await app.Client.PostAsync(PredictUri, Body(i % 2 == 0 ? red : blue, "image/png"));
            return (await ProblemAssert.IsPredictionAsync(response)).GetProperty("label").GetString();
        }));

        Assert.Equal(Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? "red" : "blue"), labels);
    }

    [Fact]
    public async Task UnknownRoute_Returns404ProblemJson()
    {
        var app = await _fixture.GetAsync(_azurite);

        using var response = await app.Client.GetAsync(new Uri("/api/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task AssertStillServesAsync(FunctionAppProcess app)
    {
        using var response = await app.Client.PostAsync(PredictUri, Body(ColorImages.RedPng(), "image/png"));
        Assert.Equal("red", (await ProblemAssert.IsPredictionAsync(response)).GetProperty("label").GetString());
        Assert.False(app.HasExited);
    }

    private static ByteArrayContent Body(byte[] bytes, string? contentType)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return content;
    }

    /// <summary>Hides the length so HttpClient sends the body chunked, without Content-Length.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}

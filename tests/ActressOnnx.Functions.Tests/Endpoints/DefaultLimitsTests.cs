using System.Net.Http.Headers;
using ActressOnnx.Imaging;
using ActressOnnx.Serving;
using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Images;
using ActressOnnx.Testing.Onnx;
using ActressOnnx.Testing.Serving;
using SkiaSharp;

namespace ActressOnnx.Functions.Tests.Endpoints;

/// <summary>The app with its default <see cref="ServingOptions"/>, as deployed: what a phone sends must get through.</summary>
[Collection(SharedAzurite.Name)]
public sealed class DefaultLimitsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Predict_WithDefaultLimits_AcceptsAnEighteenMegapixelPhoneJpegOverTenMebibytes()
    {
        var jpeg = PhoneJpeg(4896, 3672);
        Assert.InRange(jpeg.Length, 10 * 1024 * 1024 + 1, new ServingOptions().MaxRequestBytes);
        var storage = new ModelStorageOptions { ConnectionString = azurite.ConnectionString, ContainerName = azurite.NewContainerName("phone"), ModelName = "colours" };
        var directory = TestPaths.NewTempDirectory();
        try
        {
            await ModelRepositoryClient.Create(storage).PublishAsync(TinyColorModel.WriteTo(Path.Combine(directory.FullName, "model.onnx")), CancellationToken.None);
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        await using var app = await FunctionAppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ModelStorage__ConnectionString"] = storage.ConnectionString!,
            ["ModelStorage__ContainerName"] = storage.ContainerName,
            ["ModelStorage__ModelName"] = storage.ModelName,
        });
        using var body = new ByteArrayContent(jpeg);
        body.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");

        using var response = await app.Client.PostAsync(new Uri("/api/predict", UriKind.Relative), body);

        var prediction = await ProblemAssert.IsPredictionAsync(response);
        Assert.Equal("green", prediction.GetProperty("label").GetString());
    }

    /// <summary>A green photo with sensor-like noise, so it compresses like a camera's picture rather than a flat test image.</summary>
    private static byte[] PhoneJpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = bitmap.GetPixelSpan();
        var random = new Random(18);
        var noise = new byte[pixels.Length];
        random.NextBytes(noise);
        for (var i = 0; i < pixels.Length; i += 4)
        {
            pixels[i] = (byte)(10 + (noise[i] & 0x7F));
            pixels[i + 1] = (byte)(120 + (noise[i + 1] & 0x7F));
            pixels[i + 2] = (byte)(10 + (noise[i + 2] & 0x7F));
            pixels[i + 3] = 255;
        }

        return TestImages.Encode(bitmap, ImageFormat.Jpeg, quality: 92);
    }
}

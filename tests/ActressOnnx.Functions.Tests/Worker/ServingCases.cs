using System.Net.Http.Headers;
using ActressOnnx.Imaging;
using ActressOnnx.Testing.Images;
using ActressOnnx.Testing.Onnx;
using SkiaSharp;

namespace ActressOnnx.Functions.Tests.Worker;

/// <summary>The shared table of requests run against the standalone host and the isolated worker alike.</summary>
public static class ServingCases
{
    /// <summary>The request body limit both hosts are configured with, small so the 413 case stays cheap.</summary>
    public const long MaxRequestBytes = 128 * 1024;

    public static IReadOnlyList<ServingCase> All { get; } = Create();

    /// <summary>The table as xunit theory data (the case names).</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var item in All)
        {
            data.Add(item.Name);
        }

        return data;
    }

    public static ServingCase Get(string name) => All.Single(c => c.Name == name);

    private static ServingCase[] Create()
    {
        using var blue = TestImages.Solid(48, 40, new SKColor(30, 40, 210));
        using var picture = TestImages.SmoothPicture(64, 64);
        var jpeg = TestImages.Encode(picture, ImageFormat.Jpeg);
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        var oversized = new byte[MaxRequestBytes + 1];
        ColorImages.RedPng().CopyTo(oversized, 0);
        var (oneFileType, oneFile) = Multipart(("image", "blue.png", ColorImages.BluePng()));
        var (twoFilesType, twoFiles) = Multipart(("a", "a.png", ColorImages.BluePng()), ("b", "b.png", ColorImages.RedPng()));

        return
        [
            new("health", "GET", "health", null, [], 200, "ok"),
            new("red png", "POST", "predict", "image/png", ColorImages.RedPng(), 200, "red"),
            new("blue jpeg as octet-stream", "POST", "predict", "application/octet-stream", TestImages.Encode(blue, ImageFormat.Jpeg), 200, "blue"),
            new("blue bmp without content type", "POST", "predict", null, TestImages.Encode(blue, ImageFormat.Bmp), 200, "blue"),
            new("multipart with one file", "POST", "predict", oneFileType, oneFile, 200, "blue"),
            new("multipart with two files", "POST", "predict", twoFilesType, twoFiles, 400, "too_many_files"),
            new("empty body", "POST", "predict", "image/jpeg", [], 400, "empty_body"),
            new("random bytes", "POST", "predict", "application/octet-stream", garbage, 415, "unsupported_image"),
            new("html content type", "POST", "predict", "text/html", ColorImages.RedPng(), 415, "unsupported_content_type"),
            new("truncated jpeg", "POST", "predict", "image/jpeg", jpeg[..(jpeg.Length / 2)], 422, "truncated_image"),
            new("png declaring 900 megapixels", "POST", "predict", "image/png", TestImages.PngDeclaringSize(30_000, 30_000), 413, "too_many_pixels"),
            new("body over the limit", "POST", "predict", "image/png", oversized, 413, "body_too_large"),
        ];
    }

    private static (string ContentType, byte[] Body) Multipart(params (string Field, string FileName, byte[] Bytes)[] files)
    {
        using var form = new MultipartFormDataContent("case-boundary");
        foreach (var (field, fileName, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(part, field, fileName);
        }

        return (form.Headers.ContentType!.ToString(), form.ReadAsByteArrayAsync().GetAwaiter().GetResult());
    }
}

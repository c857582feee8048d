using ActressOnnx.Testing;
using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

public sealed class UrlListImageSourceTests : IDisposable
{
    private readonly DirectoryInfo _folder = TestPaths.NewTempDirectory("urls");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task FindImageUrls_SkipsBlankAndCommentLinesAndStopsAtTheLimit()
    {
        var file = Path.Combine(_folder.FullName, "cats.txt");
        await File.WriteAllLinesAsync(file, ["# cats from the archive", "", "  https://a.example/1.jpg  ", "https://b.example/2.png", "https://c.example/3.jpg"]);

        var urls = await new UrlListImageSource().FindImageUrlsAsync(file, 2, CancellationToken.None).Select(c => c.Url).ToListAsync();

        Assert.Equal(["https://a.example/1.jpg", "https://b.example/2.png"], urls);
    }

    [Fact]
    public async Task FindImageUrls_WhenFileMissing_ThrowsNamingIt()
    {
        var file = Path.Combine(_folder.FullName, "missing.txt");

        var error = await Assert.ThrowsAsync<ImageSearchException>(() => new UrlListImageSource().FindImageUrlsAsync(file, 5, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal($"URL file '{file}' does not exist; write one image URL per line there.", error.Message);
    }
}

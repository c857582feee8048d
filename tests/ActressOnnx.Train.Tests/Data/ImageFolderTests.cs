using ActressOnnx.Testing;
using ActressOnnx.Train.Data;

namespace ActressOnnx.Train.Tests.Data;

public sealed class ImageFolderTests : IDisposable
{
    private readonly DirectoryInfo root = TestPaths.NewTempDirectory("imagefolder");

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public void Scan_ListsClassesAndImagesInOrdinalOrder_SkippingHiddenAndNonImageFiles()
    {
        Touch("b/2.PNG", "b/10.jpeg", "b/notes.txt", "b/.hidden.jpg", "b/.cache/x.jpg", "b/nested/1.webp");
        Touch("A/x.GIF", "A/y.bmp", "A/z.JPG");
        Touch(".git/config.jpg", "a/one.jpg");

        var folder = ImageFolder.Scan(root.FullName);

        Assert.Equal(["A", "a", "b"], folder.Labels);
        var relative = folder.Files.Select(f => (Path.GetRelativePath(root.FullName, f.Path), f.Label)).ToList();
        Assert.Equal(
            [
                (P("A/x.GIF"), 0), (P("A/y.bmp"), 0), (P("A/z.JPG"), 0),
                (P("a/one.jpg"), 1),
                (P("b/10.jpeg"), 2), (P("b/2.PNG"), 2), (P("b/nested/1.webp"), 2),
            ],
            relative);
        Assert.Equal([3, 1, 3], folder.CountPerClass());
    }

    [Fact]
    public void Scan_WhenFolderIsMissing_ThrowsDatasetExceptionNamingIt()
    {
        var missing = Path.Combine(root.FullName, "nope");

        var ex = Assert.Throws<DatasetException>(() => ImageFolder.Scan(missing));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_WithOneClass_ThrowsDatasetException()
    {
        Touch("only/1.jpg", ".hidden/2.jpg");

        var ex = Assert.Throws<DatasetException>(() => ImageFolder.Scan(root.FullName));

        Assert.Contains("at least 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_WithAClassWithoutImages_ThrowsDatasetExceptionNamingTheClass()
    {
        Touch("cats/1.jpg", "dogs/readme.txt", "dogs/.2.jpg");

        var ex = Assert.Throws<DatasetException>(() => ImageFolder.Scan(root.FullName));

        Assert.Contains("dogs", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no images", ex.Message, StringComparison.Ordinal);
    }

    private static string P(string relative) => relative.Replace('/', Path.DirectorySeparatorChar);

    private void Touch(params string[] relativePaths)
    {
        foreach (var relative in relativePaths)
        {
            var path = Path.Combine(root.FullName, P(relative));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, [1]);
        }
    }
}

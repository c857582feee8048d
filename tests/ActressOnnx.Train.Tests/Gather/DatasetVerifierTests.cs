using ActressOnnx.Imaging;
using ActressOnnx.Testing;
using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

public sealed class DatasetVerifierTests : IDisposable
{
    private readonly DirectoryInfo _parent = TestPaths.NewTempDirectory("verify");

    private string Data => Path.Combine(_parent.FullName, "data");

    public void Dispose() => _parent.Delete(recursive: true);

    [Fact]
    public void Verify_MovesFilesThatDoNotDecodeBesideTheDatasetAndKeepsTheRest()
    {
        var good = Write("cats/good.jpg", GatherImages.Jpeg(1));
        var pngNamedJpg = Write("cats/png-named.jpg", GatherImages.Png(2));
        Write("cats/page.jpg", "<html>not found</html>"u8.ToArray());
        Write("cats/cut.jpg", GatherImages.TruncatedJpeg());
        Write("dogs/nested/notes.txt", "hello"u8.ToArray());
        var manifest = Write("cats.manifest.jsonl", "{}"u8.ToArray());

        var result = Verifier().Verify(Data, CancellationToken.None);

        var quarantine = Path.Combine(_parent.FullName, "data-quarantine");
        Assert.Equal((5, 2, quarantine), (result.Checked, result.Usable, result.QuarantineDirectory));
        Assert.Equal(
            [Path.Combine("cats", "cut.jpg"), Path.Combine("cats", "page.jpg"), Path.Combine("dogs", "nested", "notes.txt")],
            result.Quarantined.Select(q => q.RelativePath));
        Assert.StartsWith("truncated:", result.Quarantined[0].Reason, StringComparison.Ordinal);
        Assert.StartsWith("unsupported-format:", result.Quarantined[1].Reason, StringComparison.Ordinal);
        Assert.All(result.Quarantined, q => Assert.True(File.Exists(q.QuarantinePath) && !File.Exists(Path.Combine(Data, q.RelativePath))));
        Assert.Equal(Path.Combine(quarantine, "cats", "page.jpg"), result.Quarantined[1].QuarantinePath);
        Assert.True(File.Exists(good) && File.Exists(pngNamedJpg) && File.Exists(manifest));
    }

    [Fact]
    public void Verify_WhenRunAgainWithSameName_KeepsBothQuarantinedCopies()
    {
        Write("cats/bad.jpg", "first"u8.ToArray());
        Verifier().Verify(Data, CancellationToken.None);
        Write("cats/bad.jpg", "second"u8.ToArray());

        var result = Verifier().Verify(Data, CancellationToken.None);

        var moved = Assert.Single(result.Quarantined);
        Assert.Equal("bad (2).jpg", Path.GetFileName(moved.QuarantinePath));
        Assert.Equal("first", File.ReadAllText(Path.Combine(result.QuarantineDirectory, "cats", "bad.jpg")));
        Assert.Equal("second", File.ReadAllText(moved.QuarantinePath));
    }

    [Fact]
    public void Verify_WithMinimumSide_AlsoQuarantinesSmallImages()
    {
        Write("cats/small.jpg", GatherImages.Jpeg(1, width: 20, height: 20));
        Write("cats/large.jpg", GatherImages.Jpeg(2, width: 40, height: 40));

        var result = new DatasetVerifier(new ImageVetter(new ImageDecoder(), 32)).Verify(Data, CancellationToken.None);

        var moved = Assert.Single(result.Quarantined);
        Assert.Equal((Path.Combine("cats", "small.jpg"), "20x20 is below the 32-pixel minimum side"), (moved.RelativePath, moved.Reason));
    }

    [Fact]
    public void Verify_WhenFolderMissing_ThrowsNamingIt()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => Verifier().Verify(Data, CancellationToken.None));

        Assert.Contains(Data, error.Message, StringComparison.Ordinal);
    }

    private static DatasetVerifier Verifier() => new(new ImageVetter(new ImageDecoder(), 0));

    private string Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(Data, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}

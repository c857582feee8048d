using ActressOnnx.Testing;
using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

public sealed class ClassManifestTests : IDisposable
{
    private readonly DirectoryInfo _folder = TestPaths.NewTempDirectory("manifest");

    private string ManifestPath => ClassManifest.PathFor(_folder.FullName, "cats");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Record_WritesOneJsonLinePerUrlWithEveryField()
    {
        var manifest = ClassManifest.Load(ManifestPath);

        manifest.Record(new ManifestEntry("http://x/a.jpg", "cats", "ab12", 1234, 640, 480, GatherStatus.Kept, null, "ab12.jpg"));
        manifest.Record(new ManifestEntry("http://x/b.jpg", "cats", "cd34", 99, null, null, GatherStatus.NotAnImage, "unsupported-format: HTML", null));

        Assert.Equal(
            [
                """{"url":"http://x/a.jpg","query":"cats","sha256":"ab12","bytes":1234,"width":640,"height":480,"status":"kept","reason":null,"file":"ab12.jpg"}""",
                """{"url":"http://x/b.jpg","query":"cats","sha256":"cd34","bytes":99,"width":null,"height":null,"status":"not-an-image","reason":"unsupported-format: HTML","file":null}""",
            ],
            File.ReadAllLines(ManifestPath));
        Assert.Equal(["cats.manifest.jsonl"], _folder.GetFiles().Select(f => f.Name));
    }

    [Fact]
    public void Record_ForKnownUrl_ReplacesItsRowAndLoadReadsItBack()
    {
        var manifest = ClassManifest.Load(ManifestPath);
        manifest.Record(new ManifestEntry("http://x/a.jpg", "cats", null, null, null, null, GatherStatus.Failed, "HTTP 503", null));
        var kept = new ManifestEntry("http://x/a.jpg", "cats", "ab12", 10, 64, 64, GatherStatus.Kept, null, "ab12.jpg");

        manifest.Record(kept);

        Assert.Equal([kept], ClassManifest.Load(ManifestPath).Entries);
        Assert.Single(File.ReadAllLines(ManifestPath));
    }

    [Fact]
    public void Record_WithNote_WritesItLastAndLoadReadsItBack()
    {
        var manifest = ClassManifest.Load(ManifestPath);
        var entry = new ManifestEntry("http://x/a.jpg", "cats", "ab12", 10, 64, 64, GatherStatus.Kept, null, "ab12.jpg", "duplicate-of-other-class: dogs/ab12.jpg");

        manifest.Record(entry);

        Assert.EndsWith("""
            ,"file":"ab12.jpg","note":"duplicate-of-other-class: dogs/ab12.jpg"}
            """, Assert.Single(File.ReadAllLines(ManifestPath)), StringComparison.Ordinal);
        Assert.Equal([entry], ClassManifest.Load(ManifestPath).Entries);
    }

    [Fact]
    public void Load_WhenLineIsNotARow_ThrowsNamingTheLine()
    {
        File.WriteAllLines(ManifestPath, [
            """{"url":"http://x/a.jpg","query":"cats","sha256":null,"bytes":null,"width":null,"height":null,"status":"failed","reason":"x","file":null}""",
            "",
            """{"url":"http://x/b.jpg","query":"cats","status":"lost"}""",
        ]);

        var error = Assert.Throws<InvalidDataException>(() => ClassManifest.Load(ManifestPath));

        Assert.StartsWith($"Line 3 of manifest '{ManifestPath}' is not a manifest row", error.Message, StringComparison.Ordinal);
    }
}

using ActressOnnx.Testing;
using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

public sealed class AttributionWriterTests : IDisposable
{
    private readonly DirectoryInfo _folder = TestPaths.NewTempDirectory("attribution");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Write_ListsKeptFilesOnDiskPerClassWithAuthorLicenceAndSource()
    {
        Keep("cats", "b.jpg", new ManifestEntry("https://upload.example/b.jpg", "cat", "b", 1, 1, 1, GatherStatus.Kept, null, "b.jpg")
        {
            Licence = "CC BY-SA 4.0", LicenceUrl = "//creativecommons.org/licenses/by-sa/4.0", Author = "Jane *Doe* [bot]", Source = "https://commons.example/wiki/File:B (1).jpg",
        });
        Keep("cats", "a.jpg", new ManifestEntry("https://img.example/a.jpg", "cat", "a", 1, 1, 1, GatherStatus.Kept, null, "a.jpg"));
        Record("cats", new ManifestEntry("https://img.example/x.jpg", "cat", null, null, null, null, GatherStatus.Failed, "HTTP 404", null));
        Record("cats", new ManifestEntry("https://img.example/deleted.jpg", "cat", "d", 1, 1, 1, GatherStatus.Kept, null, "deleted.jpg") { Licence = "CC0" });
        Record("dogs", new ManifestEntry("https://img.example/y.jpg", "dog", null, null, null, null, GatherStatus.Excluded, "licence unknown", null));

        var summary = AttributionWriter.Write(_folder.FullName);

        Assert.Equal((Path.Combine(_folder.FullName, "ATTRIBUTION.md"), 2, 1), (summary.Path, summary.Files, summary.UnknownLicence));
        var lines = File.ReadAllLines(summary.Path);
        Assert.Equal(
            [
                "## cats",
                "",
                "- `cats/a.jpg`: author unknown, licence unknown, from <https://img.example/a.jpg>",
                "- `cats/b.jpg`: by Jane \\*Doe\\* \\[bot\\], [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0), from <https://commons.example/wiki/File:B%20%281%29.jpg>",
                "",
                "## dogs",
                "",
                "No images kept.",
            ],
            lines.SkipWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)));
    }

    private void Keep(string className, string file, ManifestEntry entry)
    {
        Directory.CreateDirectory(Path.Combine(_folder.FullName, className));
        File.WriteAllBytes(Path.Combine(_folder.FullName, className, file), [1]);
        Record(className, entry);
    }

    private void Record(string className, ManifestEntry entry) => ClassManifest.Load(ClassManifest.PathFor(_folder.FullName, className)).Record(entry);
}

using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

public sealed class CrossClassDuplicateFinderTests
{
    [Fact]
    public async Task Gather_WhenAnotherClassKeepsTheSameImage_MarksBothRowsUntilOneCopyIsDeleted()
    {
        await using var h = await GatherHarness.StartAsync();
        var shared = GatherImages.Jpeg(1);
        var sharedName = GatherHarness.FileNameFor(shared, ".jpg");
        var catsShared = h.Web.Serve("cats/shared.jpg", FakeResponse.Image(shared));
        var catsOwn = h.Web.Serve("cats/own.jpg", FakeResponse.Image(GatherImages.Jpeg(2)));
        var dogsShared = h.Web.Serve("dogs/same-photo-elsewhere.jpg", FakeResponse.Image(shared));
        var dogsOwn = h.Web.Serve("dogs/own.jpg", FakeResponse.Image(GatherImages.Jpeg(3)));
        h.Web.SearchResults.AddRange([catsShared, catsOwn]);
        await h.GatherBingAsync("cats");
        h.Web.SearchResults.Clear();
        h.Web.SearchResults.AddRange([dogsShared, dogsOwn]);

        await h.GatherBingAsync("dogs");

        Assert.Equal((GatherStatus.Kept, $"duplicate-of-other-class: dogs/{sharedName}"), (h.Row(catsShared, "cats").Status, h.Row(catsShared, "cats").Note));
        Assert.Equal((GatherStatus.Kept, $"duplicate-of-other-class: cats/{sharedName}"), (h.Row(dogsShared, "dogs").Status, h.Row(dogsShared, "dogs").Note));
        Assert.Null(h.Row(catsOwn, "cats").Note);
        Assert.Null(h.Row(dogsOwn, "dogs").Note);
        Assert.True(File.Exists(Path.Combine(h.Output, "cats", sharedName)) && File.Exists(Path.Combine(h.Output, "dogs", sharedName)));

        File.Delete(Path.Combine(h.Output, "dogs", sharedName));
        var requests = h.Web.Requests.Count(r => !r.Target.StartsWith("/v7.0/", StringComparison.Ordinal));
        await h.GatherBingAsync("dogs");

        Assert.Null(h.Row(catsShared, "cats").Note);
        Assert.Null(h.Row(dogsShared, "dogs").Note);
        Assert.Equal(requests, h.Web.Requests.Count(r => !r.Target.StartsWith("/v7.0/", StringComparison.Ordinal)));
    }

    [Fact]
    public void MarkAll_WithThreeClassesSharingAnImage_ReportsEachPairOnceInOrder()
    {
        var output = ActressOnnx.Testing.TestPaths.NewTempDirectory("dupes").FullName;
        try
        {
            foreach (var name in new[] { "c", "a", "b" })
            {
                Directory.CreateDirectory(Path.Combine(output, name));
                File.WriteAllBytes(Path.Combine(output, name, $"{name}-copy.jpg"), [1]);
                ClassManifest.Load(ClassManifest.PathFor(output, name))
                    .Record(new ManifestEntry($"http://x/{name}.jpg", name, "ab12", 1, 1, 1, GatherStatus.Kept, null, $"{name}-copy.jpg"));
            }

            File.WriteAllText(ClassManifest.PathFor(output, "broken"), "not json\n");

            var duplicates = CrossClassDuplicateFinder.MarkAll(output, ["a"]);

            Assert.Equal(
                [new("ab12", "a", "a-copy.jpg", "b", "b-copy.jpg"), new("ab12", "a", "a-copy.jpg", "c", "c-copy.jpg"), new CrossClassDuplicate("ab12", "b", "b-copy.jpg", "c", "c-copy.jpg")],
                duplicates);
            Assert.Equal("duplicate-of-other-class: b/b-copy.jpg, c/c-copy.jpg", Assert.Single(ClassManifest.Load(ClassManifest.PathFor(output, "a")).Entries).Note);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

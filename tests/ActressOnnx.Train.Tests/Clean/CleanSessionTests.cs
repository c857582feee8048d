using System.Text.Json;
using ActressOnnx.Testing;
using ActressOnnx.Train.Clean;
using ActressOnnx.Train.Gather;
using ActressOnnx.Train.Report;

namespace ActressOnnx.Train.Tests.Clean;

/// <summary>Applying and undoing changes on real files (scores made up: what is tested here is what happens on disk).</summary>
public sealed class CleanSessionTests : IDisposable
{
    private readonly DirectoryInfo scratch = TestPaths.NewTempDirectory("cleansession");
    private readonly string data;
    private readonly CleanSession session;

    public CleanSessionTests()
    {
        data = Path.Combine(scratch.FullName, "data");
        SyntheticDataset.Write(data, imagesPerClass: 3, size: 16);
        var items = Directory.GetFiles(data, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select((path, i) => new CleanItem(i, CleanScoring.Relative(data, path), Path.GetFileName(Path.GetDirectoryName(path))!, SplitNames.Train, "circles", 0.5, i, null, FileFingerprint.Of(path)))
            .ToList();
        session = new CleanSession(new CleanDataset(data, SyntheticDataset.Labels, items, Reused: false));
    }

    public void Dispose()
    {
        session.Dispose();
        scratch.Delete(recursive: true);
    }

    [Fact]
    public async Task Apply_WhenAFileChangedSinceScoring_RefusesTheWholeBatchAndMovesNothing()
    {
        await File.AppendAllTextAsync(Path.Combine(data, "circles", "0001.png"), "edited");

        var error = await Assert.ThrowsAsync<CleanException>(() => session.ApplyAsync(new ApplyRequest(0, [Delete(0), Move(1, "stripes")]), CancellationToken.None));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal("files_changed", error.Code);
        Assert.Contains("circles/0001.png", error.Message, StringComparison.Ordinal);
        Assert.Equal(["0000.png", "0001.png", "0002.png"], DatasetCopy.Files(data, "circles"));
        Assert.False(File.Exists(session.Log.Path));
        Assert.Equal(0, session.Version);
    }

    [Fact]
    public async Task Apply_FromTwoTabsAtOnce_AppliesOneAndTellsTheOtherToReload()
    {
        var first = session.ApplyAsync(new ApplyRequest(0, [Delete(0)]), CancellationToken.None);
        var second = session.ApplyAsync(new ApplyRequest(0, [Move(1, "stripes")]), CancellationToken.None);

        var outcomes = await Task.WhenAll(Outcome(first), Outcome(second));

        Assert.Single(outcomes, o => o is null);
        var refused = Assert.Single(outcomes, o => o is not null);
        Assert.Equal("page_out_of_date", refused!.Code);
        var moved = 3 - DatasetCopy.Files(data, "circles").Length;
        Assert.Equal(1, moved);
        Assert.Single(File.ReadAllLines(session.Log.Path));
        Assert.Equal(1, session.Version);
    }

    [Fact]
    public async Task Apply_WhileAnotherProcessChangesTheDataset_RefusesAndMovesNothing()
    {
        using (DatasetLock.Acquire(data))
        {
            var error = await Assert.ThrowsAsync<CleanException>(() => session.ApplyAsync(new ApplyRequest(0, [Delete(0)]), CancellationToken.None));
            Assert.Equal("dataset_busy", error.Code);
        }

        Assert.Equal(3, DatasetCopy.Files(data, "circles").Length);
    }

    [Theory]
    [InlineData("move", "circles", "bad_target")]
    [InlineData("move", "squares", "bad_target")]
    [InlineData("rename", null, "bad_action")]
    public async Task Apply_WithAnInvalidChange_Returns400AndMovesNothing(string action, string? to, string code)
    {
        var error = await Assert.ThrowsAsync<CleanException>(() => session.ApplyAsync(new ApplyRequest(0, [Delete(3), new ImageChange(0, action, to)]), CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal(code, error.Code);
        Assert.Equal(3, DatasetCopy.Files(data, "stripes").Length);
        Assert.False(File.Exists(session.Log.Path));
    }

    [Fact]
    public async Task Apply_MovingOntoAFileOfTheSameName_KeepsBoth()
    {
        var movedBytes = await File.ReadAllBytesAsync(Path.Combine(data, "circles", "0000.png"));

        await session.ApplyAsync(new ApplyRequest(0, [Move(0, "stripes")]), CancellationToken.None);

        Assert.Equal(["0000 (2).png", "0000.png", "0001.png", "0002.png"], DatasetCopy.Files(data, "stripes"));
        Assert.Equal(movedBytes, await File.ReadAllBytesAsync(Path.Combine(data, "stripes", "0000 (2).png")));
        Assert.Equal("stripes/0000 (2).png", session.Find(0)!.RelativePath);
        Assert.Equal("stripes", session.Find(0)!.Label);
    }

    [Fact]
    public async Task Apply_MovingAGatheredImage_RecordsItAsKeptInTheTargetManifestSoGatherDoesNotFetchItAgain()
    {
        var sha = FileFingerprint.Of(Path.Combine(data, "circles", "0002.png")).Sha256;
        var row = new ManifestEntry("https://images.example/a.png", "circles", sha, 100, 16, 16, GatherStatus.Kept, null, "0002.png");
        ClassManifest.Load(ClassManifest.PathFor(data, "circles")).Record(row);

        await session.ApplyAsync(new ApplyRequest(0, [Move(2, "stripes")]), CancellationToken.None);

        var stripes = new ClassState(new ClassSpec("stripes", "stripes"), Path.Combine(data, "stripes"), ClassManifest.Load(ClassManifest.PathFor(data, "stripes")));
        Assert.False(stripes.NeedsFetch(row.Url, retryFailed: true));
        Assert.Equal(1, stripes.Kept); // the moved image now counts towards the gathered images of stripes
        var circles = new ClassState(new ClassSpec("circles", "circles"), Path.Combine(data, "circles"), ClassManifest.Load(ClassManifest.PathFor(data, "circles")));
        Assert.False(circles.NeedsFetch(row.Url, retryFailed: true));
        Assert.Equal(0, circles.Kept); // the manifest listed only 0002.png, which left: gather tops the class up with other images
        Assert.True(circles.KeptFiles.ContainsKey(sha)); // ...but never stores these bytes in circles again
        var logged = JsonDocument.Parse(File.ReadAllLines(session.Log.Path).Single()).RootElement;
        Assert.Equal(row.Url, logged.GetProperty("manifestUrl").GetString());
    }

    [Fact]
    public async Task Undo_RestoresBatchesLastFirstAndThenHasNothingLeft()
    {
        await session.ApplyAsync(new ApplyRequest(0, [Delete(0), Move(1, "stripes")]), CancellationToken.None);
        await session.ApplyAsync(new ApplyRequest(1, [Delete(2)]), CancellationToken.None);
        Assert.Empty(DatasetCopy.Files(data, "circles"));

        var (_, second) = CleanUndo.UndoLast(data);
        Assert.Equal(1, second);
        Assert.Equal(["0002.png"], DatasetCopy.Files(data, "circles"));
        var (_, first) = CleanUndo.UndoLast(data);
        Assert.Equal(2, first);
        Assert.Equal(["0000.png", "0001.png", "0002.png"], DatasetCopy.Files(data, "circles"));
        Assert.Equal(["0000.png", "0001.png", "0002.png"], DatasetCopy.Files(data, "stripes"));
        var nothing = Assert.Throws<CleanException>(() => CleanUndo.UndoLast(data));
        Assert.Equal("nothing_to_undo", nothing.Code);
    }

    [Fact]
    public async Task Undo_WhenTheOriginalPlaceIsTakenAgain_RefusesAndMovesNothing()
    {
        await session.ApplyAsync(new ApplyRequest(0, [Delete(0), Move(1, "stripes")]), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(data, "circles", "0000.png"), "a new file");

        var error = Assert.Throws<CleanException>(() => CleanUndo.UndoLast(data));

        Assert.Equal("cannot_undo", error.Code);
        Assert.Contains("data/circles/0000.png exists again", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(scratch.FullName, "data-quarantine", "circles", "0000.png")));
        Assert.True(File.Exists(Path.Combine(data, "stripes", "0001.png")));
        Assert.Equal(2, File.ReadAllLines(session.Log.Path).Length);
    }

    private static ImageChange Delete(int id) => new(id, "delete", null);

    private static ImageChange Move(int id, string to) => new(id, "move", to);

    private static async Task<CleanException?> Outcome(Task<ApplyResult> apply)
    {
        try
        {
            await apply;
            return null;
        }
        catch (CleanException ex)
        {
            return ex;
        }
    }
}

using System.CommandLine;
using ActressOnnx.Testing;
using ActressOnnx.Train.Commands;
using ActressOnnx.Train.Tests.Gather;

namespace ActressOnnx.Train.Tests.Commands;

public sealed class VerifyCommandTests : IDisposable
{
    private readonly DirectoryInfo _parent = TestPaths.NewTempDirectory("verify-command");

    private string Data => Path.Combine(_parent.FullName, "data");

    public void Dispose() => _parent.Delete(recursive: true);

    [Fact]
    public async Task Invoke_ListsEveryQuarantinedFileAndTheTotals()
    {
        Directory.CreateDirectory(Path.Combine(Data, "cats"));
        await File.WriteAllBytesAsync(Path.Combine(Data, "cats", "ok.jpg"), GatherImages.Jpeg(1));
        await File.WriteAllTextAsync(Path.Combine(Data, "cats", "fake.jpg"), "<html></html>");
        using var console = new CapturedConsole();

        var exit = await InvokeAsync(console, "--data", Data);

        Assert.Equal(0, exit);
        var quarantine = Path.Combine(_parent.FullName, "data-quarantine");
        Assert.Equal(2, console.Lines.Length);
        Assert.StartsWith($"quarantined {Path.Combine("cats", "fake.jpg")}: unsupported-format:", console.Lines[0], StringComparison.Ordinal);
        Assert.Equal($"2 files checked: 1 usable, 1 moved to {quarantine}", console.Lines[1]);
        Assert.True(File.Exists(Path.Combine(quarantine, "cats", "fake.jpg")));
    }

    [Fact]
    public async Task Invoke_WhenDataFolderMissing_FailsWithOneLine()
    {
        using var console = new CapturedConsole();
        var error = await Assert.ThrowsAsync<CliException>(() => InvokeAsync(console, "--data", Data));

        Assert.Equal($"Dataset folder '{Data}' does not exist; give the folder that holds one sub-folder per class.", error.Message);
    }

    private static Task<int> InvokeAsync(CapturedConsole console, params string[] args) =>
        VerifyCommand.Create(console.Console).Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, CancellationToken.None);
}

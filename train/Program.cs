using System.CommandLine;
using System.CommandLine.Parsing;
using ActressOnnx.Imaging;
using ActressOnnx.Train.Commands;

var root = new RootCommand("ActressOnnx: gather labelled images, fine-tune ResNet18 (lr-find picks the learning rate), export it to ONNX, publish it to Azure Blob Storage.");
root.Subcommands.Add(SampleDataCommand.Create());
root.Subcommands.Add(GatherCommand.Create());
root.Subcommands.Add(VerifyCommand.Create());
root.Subcommands.Add(AuditCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(CleanCommand.Create());
root.Subcommands.Add(LearningRateFindCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(PublishCommand.Create());
root.Subcommands.Add(ModelsCommand.Create());
root.Subcommands.Add(PredictCommand.Create());

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl-C asks the running command to stop cleanly; a second one kills the process.
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};

try
{
    var parsed = root.Parse(args);
    if (parsed.Errors.Count > 0)
    {
        // One line, not the whole help text after it: the error is what the user needs to see.
        var names = new List<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as CommandResult)
        {
            names.Insert(0, result.Command == root ? "actressonnx" : result.Command.Name);
        }

        var command = string.Join(' ', names);
        await Console.Error.WriteLineAsync($"error: {string.Join(" ", parsed.Errors.Select(e => Sentence(e.Message)))} See '{command} --help'.");
        return 2;
    }

    var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
    return await parsed.InvokeAsync(configuration, cancellation.Token);
}
catch (CliException ex)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return ex.ExitCode;
}
catch (ImageDecodeException ex)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return 1;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("cancelled: nothing partial was left behind; run the same command again to continue.");
    return 130;
}
catch (IOException ex)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message} Check the path and free disk space, then run again.");
    return 1;
}
catch (UnauthorizedAccessException ex)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message} Check file permissions, then run again.");
    return 1;
}
catch (Exception ex) when (Environment.GetEnvironmentVariable("ACTRESSONNX_TRACE") != "1")
{
    // A bug, not a user error: still one line, with a way to get the full trace for a report.
    await Console.Error.WriteLineAsync($"error: unexpected {ex.GetType().Name}: {ex.Message} (set ACTRESSONNX_TRACE=1 for the stack trace)");
    return 70;
}

// One line: System.CommandLine lists suggestions on lines of their own ("Did you mean one of the following?\nBing\nBrave").
static string Sentence(string message)
{
    var lines = message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    var line = lines.Length <= 1 ? string.Concat(lines) : lines[0] + " " + string.Join(", ", lines[1..]);
    return line.Length > 0 && line[^1] is not ('.' or '!' or '?') ? line + "." : line;
}

using System.CommandLine;

namespace ActressOnnx.Train.Commands;

/// <summary>The `export` command.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var command = new Command("export", "Not built yet.");
        command.SetAction(int (_) => throw new CliException("'export' is not built yet."));
        return command;
    }
}

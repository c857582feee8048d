using System.CommandLine;

namespace ActressOnnx.Train.Commands;

/// <summary>The `gather` command.</summary>
internal static class GatherCommand
{
    public static Command Create()
    {
        var command = new Command("gather", "Not built yet.");
        command.SetAction(int (_) => throw new CliException("'gather' is not built yet."));
        return command;
    }
}

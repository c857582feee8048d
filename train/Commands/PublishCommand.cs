using System.CommandLine;

namespace ActressOnnx.Train.Commands;

/// <summary>The `publish` command.</summary>
internal static class PublishCommand
{
    public static Command Create()
    {
        var command = new Command("publish", "Not built yet.");
        command.SetAction(int (_) => throw new CliException("'publish' is not built yet."));
        return command;
    }
}

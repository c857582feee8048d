using System.CommandLine;

namespace ActressOnnx.Train.Commands;

/// <summary>The `verify` command.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var command = new Command("verify", "Not built yet.");
        command.SetAction(int (_) => throw new CliException("'verify' is not built yet."));
        return command;
    }
}

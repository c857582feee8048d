using System.CommandLine;

namespace ActressOnnx.Train.Commands;

/// <summary>The `train` command.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var command = new Command("train", "Not built yet.");
        command.SetAction(int (_) => throw new CliException("'train' is not built yet."));
        return command;
    }
}

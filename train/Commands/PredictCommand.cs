using System.CommandLine;

namespace ActressOnnx.Train.Commands;

/// <summary>The `predict` command.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var command = new Command("predict", "Not built yet.");
        command.SetAction(int (_) => throw new CliException("'predict' is not built yet."));
        return command;
    }
}

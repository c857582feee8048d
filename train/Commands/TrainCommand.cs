using System.CommandLine;
using ActressOnnx.Imaging;
using ActressOnnx.Train.Data;
using ActressOnnx.Train.Model.Weights;
using ActressOnnx.Train.Training;
using ActressOnnx.Train.Training.Progress;
using Spectre.Console;

namespace ActressOnnx.Train.Commands;

/// <summary>The `train` command: fine-tunes ResNet18 on a folder-per-class dataset and writes a checkpoint.</summary>
internal static class TrainCommand
{
    public static Command Create() => Create(AnsiConsole.Console, interactive: !Console.IsOutputRedirected);

    /// <param name="console">Where the live progress bars go when <paramref name="interactive"/>.</param>
    /// <param name="interactive">A terminal: a live bar per epoch; otherwise plain progress lines.</param>
    internal static Command Create(IAnsiConsole console, bool interactive)
    {
        var defaults = new TrainingOptions();
        var arguments = new TrainingArguments();
        var output = new Option<FileInfo>("--output") { Description = "Checkpoint file to write.", DefaultValueFactory = _ => new FileInfo(TrainingJobOptions.DefaultOutputPath) };
        var epochs = new Option<int>("--epochs") { Description = "Number of passes over the training set.", DefaultValueFactory = _ => defaults.Epochs };
        var learningRate = new Option<double>("--lr") { Description = "Base learning rate: the frozen epochs' peak; unfrozen, the head peaks at lr/2 and the stem at lr/200 (fastai's fine_tune). From scratch, every layer's peak.", DefaultValueFactory = _ => defaults.LearningRate };
        var freezeEpochs = new Option<int>("--freeze-epochs") { Description = "Epochs that train only the new head (body frozen, batch norms trainable) before --epochs of the whole network.", DefaultValueFactory = _ => defaults.FreezeEpochs };

        var command = new Command("train", "Fine-tune ResNet18 on a folder of class sub-folders and write a checkpoint.");
        arguments.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(epochs);
        command.Options.Add(freezeEpochs);
        command.Options.Add(learningRate);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = arguments.Read(parseResult, new TrainingOptions
            {
                Epochs = parseResult.GetValue(epochs),
                FreezeEpochs = parseResult.GetValue(freezeEpochs),
                LearningRate = parseResult.GetValue(learningRate),
            }) with
            {
                OutputPath = parseResult.GetRequiredValue(output).FullName,
            };
            var writer = parseResult.InvocationConfiguration.Output;
            try
            {
                // Training is synchronous, CPU-bound TorchSharp work; keep it off the caller's thread.
                var result = interactive
                    ? await RunLiveAsync(console, options, cancellationToken)
                    : await Task.Run(() => TrainingJob.Run(options, writer, progress: null, cancellationToken, new PlainTrainingProgress(writer, TimeProvider.System)), cancellationToken);
                await writer.WriteLineAsync($"Training report: {result.ReportPath}");
            }
            catch (Exception ex) when (ex is DatasetException or TrainingException)
            {
                throw new CliException(ex.Message, innerException: ex);
            }

            return 0;
        });
        return command;
    }

    // Everything the job prints goes through the console, above the bars, so the live display stays intact.
    private static Task<TrainingJobResult> RunLiveAsync(IAnsiConsole console, TrainingJobOptions options, CancellationToken cancellationToken) =>
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(context => Task.Run(
                () =>
                {
                    using var lines = new ConsoleLineWriter(console);
                    return TrainingJob.Run(options, lines, progress: null, cancellationToken, new LiveTrainingProgress(context, TimeProvider.System));
                },
                cancellationToken));
}

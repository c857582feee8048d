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
        var epochs = new Option<int?>("--epochs") { Description = $"Passes of the whole network over the training set [default: {TrainingOptions.DefaultEpochs} after the fitted head; {TrainingOptions.ScratchEpochs} with --pretrained none]." };
        var learningRate = new Option<double?>("--lr") { Description = $"Base learning rate: fine-tuning, the head peaks at lr/2 and the stem at lr/200 (fastai's fine_tune) [default: {defaults.LearningRate}]; from scratch, every layer's peak [default: {TrainingOptions.ScratchLearningRate}]." };
        var freezeEpochs = new Option<int>("--freeze-epochs") { Description = "fastai's frozen epochs: gradient steps on the head (and batch norms) alone after it is fitted and before --epochs of the whole network.", DefaultValueFactory = _ => defaults.FreezeEpochs };
        var tune = new Option<TuneMode>("--tune")
        {
            Description = "auto: fit the head on frozen ImageNet features, fine-tune the whole network, keep whichever scores better on the validation images; head: the fitted head only (fast; the body stays ImageNet's); all: keep the fine-tuned network.",
            DefaultValueFactory = _ => defaults.Tune,
            HelpName = "auto|head|all",
        };

        var command = new Command("train", "Fine-tune ResNet18 on a folder of class sub-folders and write a checkpoint.");
        arguments.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(epochs);
        command.Options.Add(freezeEpochs);
        command.Options.Add(learningRate);
        command.Options.Add(tune);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var givenEpochs = parseResult.GetValue(epochs);
            var givenRate = parseResult.GetValue(learningRate);
            var training = new TrainingOptions
            {
                Epochs = givenEpochs ?? defaults.Epochs,
                FreezeEpochs = parseResult.GetValue(freezeEpochs),
                LearningRate = givenRate ?? defaults.LearningRate,
                Tune = parseResult.GetValue(tune),
            };
            var options = arguments.Read(parseResult, training) with
            {
                OutputPath = parseResult.GetRequiredValue(output).FullName,
            };
            if (!options.IsPretrained)
            {
                options = options with { Training = options.Training.ForScratch(givenEpochs is not null, givenRate is not null) };
            }

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

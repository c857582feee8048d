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
        var data = new Option<DirectoryInfo>("--data") { Description = "Dataset folder with one sub-folder of images per class.", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "Checkpoint file to write.", DefaultValueFactory = _ => new FileInfo(TrainingJobOptions.DefaultOutputPath) };
        var epochs = new Option<int>("--epochs") { Description = "Number of passes over the training set.", DefaultValueFactory = _ => defaults.Epochs };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per training step.", DefaultValueFactory = _ => defaults.BatchSize };
        var learningRate = new Option<double>("--lr") { Description = "Base learning rate: the frozen epochs' peak; unfrozen, the head peaks at lr/2 and the stem at lr/200 (fastai's fine_tune). From scratch, every layer's peak.", DefaultValueFactory = _ => defaults.LearningRate };
        var freezeEpochs = new Option<int>("--freeze-epochs") { Description = "Epochs that train only the new head (body frozen, batch norms trainable) before --epochs of the whole network.", DefaultValueFactory = _ => defaults.FreezeEpochs };
        var pretrained = new Option<PretrainedWeights>("--pretrained") { Description = "imagenet: start from ML.NET's ImageNet ResNet18 (a NuGet package, nothing is downloaded); none: random weights.", DefaultValueFactory = _ => PretrainedWeights.ImageNet, HelpName = "imagenet|none" };
        var weights = new Option<FileInfo>("--weights") { Description = "Start from a torchvision/timm resnet18 state dict you downloaded (.pth, .pt or .safetensors) instead." };
        var size = new Option<int>("--size") { Description = "Model input width and height in pixels.", DefaultValueFactory = _ => PreprocessSettings.Default.Width };
        var resize = new Option<ResizeMethod>("--resize") { Description = "How images are fitted to the input size: squish, crop or pad.", DefaultValueFactory = _ => ResizeMethod.Crop, HelpName = "squish|crop|pad" };
        var validPct = new Option<double>("--valid-pct") { Description = "Share of each class held out for validation, 0 to below 1.", DefaultValueFactory = _ => DatasetSplitter.DefaultValidFraction };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, weight initialisation, shuffling and augmentation.", DefaultValueFactory = _ => DatasetSplitter.DefaultSeed };
        var device = new Option<DeviceChoice>("--device") { Description = "auto (CUDA when available), cpu or cuda.", DefaultValueFactory = _ => DeviceChoice.Auto, HelpName = "auto|cpu|cuda" };
        var noAugment = new Option<bool>("--no-augment") { Description = "Turn off training-batch augmentation (random resized crop, flip, rotation, zoom, warp, lighting)." };

        var command = new Command("train", "Fine-tune ResNet18 on a folder of class sub-folders and write a checkpoint.")
        {
            data, output, epochs, freezeEpochs, batchSize, learningRate, pretrained, weights, size, resize, validPct, seed, device, noAugment,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new TrainingJobOptions
            {
                DataDirectory = parseResult.GetRequiredValue(data).FullName,
                OutputPath = parseResult.GetRequiredValue(output).FullName,
                Preprocess = new PreprocessSettings(parseResult.GetValue(size), parseResult.GetValue(size), parseResult.GetValue(resize)),
                ValidFraction = parseResult.GetValue(validPct),
                Device = parseResult.GetValue(device),
                Augment = !parseResult.GetValue(noAugment),
                Pretrained = parseResult.GetValue(pretrained),
                WeightsFile = parseResult.GetValue(weights)?.FullName,
                Training = new TrainingOptions
                {
                    Epochs = parseResult.GetValue(epochs),
                    FreezeEpochs = parseResult.GetValue(freezeEpochs),
                    BatchSize = parseResult.GetValue(batchSize),
                    LearningRate = parseResult.GetValue(learningRate),
                    Seed = parseResult.GetValue(seed),
                },
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

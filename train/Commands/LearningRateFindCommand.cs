using System.CommandLine;
using ActressOnnx.Imaging;
using ActressOnnx.Train.Data;
using ActressOnnx.Train.Model.Weights;
using ActressOnnx.Train.Training;
using ActressOnnx.Train.Training.LearningRates;

namespace ActressOnnx.Train.Commands;

/// <summary>The `lr-find` command: fastai's learning-rate range test, a plot of loss against learning rate, and a suggestion.</summary>
internal static class LearningRateFindCommand
{
    public static Command Create()
    {
        var defaults = new TrainingOptions();
        var finderDefaults = new LearningRateFinderOptions();
        var data = new Option<DirectoryInfo>("--data") { Description = "Dataset folder with one sub-folder of images per class.", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "PNG plot of loss against learning rate.", DefaultValueFactory = _ => new FileInfo("lr-find.png") };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per step.", DefaultValueFactory = _ => defaults.BatchSize };
        var size = new Option<int>("--size") { Description = "Model input width and height in pixels.", DefaultValueFactory = _ => PreprocessSettings.Default.Width };
        var resize = new Option<ResizeMethod>("--resize") { Description = "How images are fitted to the input size: squish, crop or pad.", DefaultValueFactory = _ => ResizeMethod.Crop, HelpName = "squish|crop|pad" };
        var pretrained = new Option<PretrainedWeights>("--pretrained") { Description = "imagenet (default) or none, as for train.", DefaultValueFactory = _ => PretrainedWeights.ImageNet, HelpName = "imagenet|none" };
        var weights = new Option<FileInfo>("--weights") { Description = "A torchvision/timm resnet18 state dict to start from, as for train." };
        var validPct = new Option<double>("--valid-pct") { Description = "Share of each class held out (not used by the sweep).", DefaultValueFactory = _ => DatasetSplitter.DefaultValidFraction };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, head initialisation, shuffling and augmentation.", DefaultValueFactory = _ => DatasetSplitter.DefaultSeed };
        var device = new Option<DeviceChoice>("--device") { Description = "auto (CUDA when available), cpu or cuda.", DefaultValueFactory = _ => DeviceChoice.Auto, HelpName = "auto|cpu|cuda" };
        var startLr = new Option<double>("--start-lr") { Description = "First learning rate of the sweep.", DefaultValueFactory = _ => finderDefaults.StartLearningRate };
        var endLr = new Option<double>("--end-lr") { Description = "Last learning rate of the sweep.", DefaultValueFactory = _ => finderDefaults.EndLearningRate };
        var iterations = new Option<int>("--iterations") { Description = "Steps of the sweep (it stops early when the loss diverges).", DefaultValueFactory = _ => finderDefaults.Iterations };
        var noAugment = new Option<bool>("--no-augment") { Description = "Sweep on unaugmented batches." };

        var command = new Command("lr-find", "Sweep the learning rate exponentially, plot loss against it (PNG) and print a suggestion for train --lr.")
        {
            data, output, batchSize, size, resize, pretrained, weights, validPct, seed, device, startLr, endLr, iterations, noAugment,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new TrainingJobOptions
            {
                DataDirectory = parseResult.GetRequiredValue(data).FullName,
                Preprocess = new PreprocessSettings(parseResult.GetValue(size), parseResult.GetValue(size), parseResult.GetValue(resize)),
                ValidFraction = parseResult.GetValue(validPct),
                Device = parseResult.GetValue(device),
                Augment = !parseResult.GetValue(noAugment),
                Pretrained = parseResult.GetValue(pretrained),
                WeightsFile = parseResult.GetValue(weights)?.FullName,
                Training = new TrainingOptions { BatchSize = parseResult.GetValue(batchSize), Seed = parseResult.GetValue(seed) },
            };
            var finder = new LearningRateFinderOptions
            {
                StartLearningRate = parseResult.GetValue(startLr),
                EndLearningRate = parseResult.GetValue(endLr),
                Iterations = parseResult.GetValue(iterations),
            };
            var plot = parseResult.GetRequiredValue(output).FullName;
            var writer = parseResult.InvocationConfiguration.Output;
            try
            {
                await Task.Run(() => LearningRateFindJob.Run(options, finder, plot, writer, cancellationToken), cancellationToken);
            }
            catch (Exception ex) when (ex is DatasetException or TrainingException)
            {
                throw new CliException(ex.Message, innerException: ex);
            }

            return 0;
        });
        return command;
    }
}

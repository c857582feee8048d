using System.CommandLine;
using ActressOnnx.Imaging;
using ActressOnnx.Train.Data;
using ActressOnnx.Train.Model.Weights;
using ActressOnnx.Train.Training;

namespace ActressOnnx.Train.Commands;

/// <summary>The options that say what to train on and how to start (shared by <c>train</c> and <c>lr-find</c>).</summary>
internal sealed class TrainingArguments
{
    public Option<DirectoryInfo> Data { get; } = new("--data") { Description = "Dataset folder with one sub-folder of images per class.", Required = true };

    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Images per training step.", DefaultValueFactory = _ => new TrainingOptions().BatchSize };

    public Option<PretrainedWeights> Pretrained { get; } = new("--pretrained") { Description = "imagenet: start from ML.NET's ImageNet ResNet18 (a NuGet package, nothing is downloaded); none: random weights.", DefaultValueFactory = _ => PretrainedWeights.ImageNet, HelpName = "imagenet|none" };

    public Option<FileInfo> Weights { get; } = new("--weights") { Description = "Start from a torchvision/timm resnet18 state dict you downloaded (.pth, .pt or .safetensors) instead." };

    public Option<int> Size { get; } = new("--size") { Description = "Model input width and height in pixels.", DefaultValueFactory = _ => PreprocessSettings.Default.Width };

    public Option<ResizeMethod> Resize { get; } = new("--resize") { Description = "How images are fitted to the input size: squish, crop or pad.", DefaultValueFactory = _ => ResizeMethod.Crop, HelpName = "squish|crop|pad" };

    public Option<double> ValidPct { get; } = new("--valid-pct") { Description = "Share of each class held out for validation, 0 to below 1.", DefaultValueFactory = _ => DatasetSplitter.DefaultValidFraction };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the split, weight initialisation, shuffling and augmentation.", DefaultValueFactory = _ => DatasetSplitter.DefaultSeed };

    public Option<DeviceChoice> Device { get; } = DeviceOption();

    public Option<bool> NoAugment { get; } = new("--no-augment") { Description = "Turn off training-batch augmentation (random resized crop, flip, rotation, zoom, warp, lighting)." };

    /// <summary>A new <c>--device</c> option, for any command that runs the network under TorchSharp.</summary>
    public static Option<DeviceChoice> DeviceOption() =>
        new("--device") { Description = "auto (CUDA when available), cpu or cuda.", DefaultValueFactory = _ => DeviceChoice.Auto, HelpName = "auto|cpu|cuda" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { Data, BatchSize, Pretrained, Weights, Size, Resize, ValidPct, Seed, Device, NoAugment })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The job the parsed options describe; <paramref name="training"/> supplies the rest of the hyper-parameters.</summary>
    public TrainingJobOptions Read(ParseResult parse, TrainingOptions training)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(training);
        var size = parse.GetValue(Size);
        return new TrainingJobOptions
        {
            DataDirectory = parse.GetRequiredValue(Data).FullName,
            Preprocess = new PreprocessSettings(size, size, parse.GetValue(Resize)),
            ValidFraction = parse.GetValue(ValidPct),
            Device = parse.GetValue(Device),
            Augment = !parse.GetValue(NoAugment),
            Pretrained = parse.GetValue(Pretrained),
            WeightsFile = parse.GetValue(Weights)?.FullName,
            Training = training with { BatchSize = parse.GetValue(BatchSize), Seed = parse.GetValue(Seed) },
        };
    }
}

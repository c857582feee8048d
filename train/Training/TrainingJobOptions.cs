using System.Globalization;
using ActressOnnx.Imaging;
using ActressOnnx.Train.Data;
using ActressOnnx.Train.Model;
using ActressOnnx.Train.Model.Weights;

namespace ActressOnnx.Train.Training;

/// <summary>Everything the `train` command needs: where the data is, where the checkpoint goes, and how to train.</summary>
internal sealed record TrainingJobOptions
{
    public const string DefaultOutputPath = "model.ckpt";

    public required string DataDirectory { get; init; }

    public string OutputPath { get; init; } = DefaultOutputPath;

    public PreprocessSettings Preprocess { get; init; } = PreprocessSettings.Default;

    /// <summary>The share of each class held out for validation, in [0, 1).</summary>
    public double ValidFraction { get; init; } = DatasetSplitter.DefaultValidFraction;

    public DeviceChoice Device { get; init; } = DeviceChoice.Auto;

    /// <summary>Whether training batches are augmented (see <see cref="Augmentation"/>).</summary>
    public bool Augment { get; init; } = true;

    /// <summary>fastai's default augmentation settings unless changed.</summary>
    public AugmentationOptions Augmentation { get; init; } = new();

    public TrainingOptions Training { get; init; } = new();

    /// <summary>Where the body's starting weights come from, unless <see cref="WeightsFile"/> is set.</summary>
    public PretrainedWeights Pretrained { get; init; } = PretrainedWeights.ImageNet;

    /// <summary>A torchvision/timm resnet18 state dict (.pth, .pt, .safetensors) to start from instead.</summary>
    public string? WeightsFile { get; init; }

    /// <summary>Whether the body starts from trained weights (and is fine-tuned) rather than from random ones.</summary>
    public bool IsPretrained => WeightsFile is not null || Pretrained != PretrainedWeights.None;

    /// <summary>The network this job trains.</summary>
    public ResNetArchitecture Architecture => StartingModel.ArchitectureFor(WeightsFile);

    /// <exception cref="TrainingException">A value is out of range.</exception>
    public TrainingJobOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new TrainingException("Pass the dataset folder (one sub-folder of images per class).");
        }

        if (string.IsNullOrWhiteSpace(OutputPath) || Directory.Exists(OutputPath))
        {
            throw new TrainingException($"The checkpoint path '{OutputPath}' must be a file name, not a folder (e.g. model.ckpt).");
        }

        if (Preprocess.Width is < 8 or > 4096 || Preprocess.Height is < 8 or > 4096)
        {
            throw new TrainingException(string.Create(CultureInfo.InvariantCulture, $"The input size must be between 8 and 4096 pixels, got {Preprocess.Width}x{Preprocess.Height}."));
        }

        if (!Enum.IsDefined(Preprocess.Resize))
        {
            throw new TrainingException($"Unknown resize method '{Preprocess.Resize}'. Use squish, crop or pad.");
        }

        if (double.IsNaN(ValidFraction) || ValidFraction < 0 || ValidFraction >= 1)
        {
            throw new TrainingException(string.Create(CultureInfo.InvariantCulture, $"The validation fraction must be at least 0 and below 1, got {ValidFraction}."));
        }

        if (!Architecture.Accepts(Preprocess.Width) || !Architecture.Accepts(Preprocess.Height))
        {
            throw new TrainingException(string.Create(CultureInfo.InvariantCulture, $"The ImageNet ResNet18 ({Architecture.Name}) only adds up its residual connections at sizes that are multiples of 32 (e.g. 64, 128, 224), got {Preprocess.Width}x{Preprocess.Height}. Change --size, or use --pretrained none."));
        }

        if (WeightsFile is not null && !File.Exists(WeightsFile))
        {
            throw new TrainingException($"The weights file '{WeightsFile}' does not exist; pass the .pth, .pt or .safetensors file you downloaded.");
        }

        Training.Validate();
        return this;
    }
}

using System.Globalization;
using ActressOnnx.Imaging;
using ActressOnnx.Train.Data;

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

    /// <summary>Whether training batches are augmented (random horizontal flip).</summary>
    public bool Augment { get; init; } = true;

    public TrainingOptions Training { get; init; } = new();

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

        Training.Validate();
        return this;
    }
}

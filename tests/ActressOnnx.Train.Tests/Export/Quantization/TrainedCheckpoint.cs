using ActressOnnx.Imaging;
using ActressOnnx.Testing;
using ActressOnnx.Train.Model.Weights;
using ActressOnnx.Train.Report;
using ActressOnnx.Train.Training;

namespace ActressOnnx.Train.Tests.Export.Quantization;

/// <summary>
/// Runs the real <c>train</c> pipeline once (32x32 circles versus stripes, one epoch from random weights), which writes
/// <c>model.ckpt</c> and its training report into a folder; the tests then read or damage what it wrote.
/// </summary>
internal sealed class TrainedCheckpoint
{
    public const int ImagesPerClass = 16;
    public const double ValidFraction = 0.4;

    private TrainedCheckpoint(string dataDirectory, string checkpointPath)
    {
        DataDirectory = dataDirectory;
        CheckpointPath = checkpointPath;
    }

    public string DataDirectory { get; }

    public string CheckpointPath { get; }

    public string PredictionsPath => TrainingReport.PredictionsPathFor(CheckpointPath);

    /// <summary>The validation rows of the report's predictions.jsonl.</summary>
    public IReadOnlyList<ImagePrediction> ValidRows =>
        [.. (PredictionsFile.TryRead(PredictionsPath) ?? throw new InvalidOperationException($"{PredictionsPath} is missing")).Where(row => row.Split == SplitNames.Valid)];

    public string PathOf(ImagePrediction row) => Path.Combine(DataDirectory, row.Path.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Trains into <paramref name="root"/>: <c>data/</c>, <c>model.ckpt</c> and <c>model-report/</c>.</summary>
    public static TrainedCheckpoint Train(string root)
    {
        var data = Path.Combine(root, "data");
        SyntheticDataset.Write(data, ImagesPerClass, size: 32, seed: 5);
        var options = new TrainingJobOptions
        {
            DataDirectory = data,
            OutputPath = Path.Combine(root, "model.ckpt"),
            Preprocess = new PreprocessSettings(32, 32, ResizeMethod.Squish),
            ValidFraction = ValidFraction,
            Device = DeviceChoice.Cpu,
            Pretrained = PretrainedWeights.None,
            Augment = false,
            Training = new TrainingOptions { Epochs = 1, BatchSize = 8, Seed = 11 },
        };
        using var log = new StringWriter();
        var result = TrainingJob.Run(options, log, progress: null, CancellationToken.None);
        return new TrainedCheckpoint(data, result.CheckpointPath);
    }
}

using ActressOnnx.Imaging;
using ActressOnnx.Testing;
using ActressOnnx.Train.Training;

namespace ActressOnnx.Train.Tests.Report;

/// <summary>Trains a tiny model once (32x32 circles vs stripes, one epoch) with the real `train` pipeline, which writes the report.</summary>
public sealed class TrainedReportFixture : IDisposable
{
    public const int ImagesPerClass = 10;
    public const double ValidFraction = 0.3;
    public const int Seed = 7;

    public TrainedReportFixture()
    {
        Root = TestPaths.NewTempDirectory("report");
        DataDirectory = Path.Combine(Root.FullName, "data");
        SyntheticDataset.Write(DataDirectory, ImagesPerClass, size: 32, seed: 5);
        var options = new TrainingJobOptions
        {
            DataDirectory = DataDirectory,
            OutputPath = Path.Combine(Root.FullName, "model.ckpt"),
            Preprocess = new PreprocessSettings(32, 32, ResizeMethod.Squish),
            ValidFraction = ValidFraction,
            Device = DeviceChoice.Cpu,
            Training = new TrainingOptions { Epochs = 2, BatchSize = 4, Seed = Seed },
        };
        Log = new StringWriter();
        Result = TrainingJob.Run(options, Log, progress: null, CancellationToken.None);
    }

    public DirectoryInfo Root { get; }

    public string DataDirectory { get; }

    public StringWriter Log { get; }

    internal TrainingJobResult Result { get; }

    public void Dispose()
    {
        Log.Dispose();
        Root.Delete(recursive: true);
    }
}

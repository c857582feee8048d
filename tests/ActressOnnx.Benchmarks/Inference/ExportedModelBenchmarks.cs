using System.Globalization;
using ActressOnnx.Inference;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ActressOnnx.Benchmarks.Inference;

/// <summary>
/// Per-image inference time of exported model files, as the service runs them (<see cref="OnnxClassifier.PredictDecoded"/>,
/// decoded pixels, a batch of 8), to compare an FP32 export with its INT8 and test-time-augmentation variants in one run.
/// Set <c>ACTRESSONNX_BENCH_MODELS</c> to a folder of <c>.onnx</c> files; the "Speed/FP32" column divides the time of
/// <c>fp32.onnx</c> in that folder by each model's.
/// </summary>
/// <example>
/// <c>ACTRESSONNX_BENCH_MODELS=/path/to/models dotnet run -c Release --project tests/ActressOnnx.Benchmarks -- --filter '*ExportedModelBenchmarks*'</c>
/// </example>
[InProcess]
[WarmupCount(3)]
[IterationCount(10)]
[Config(typeof(Columns))]
public class ExportedModelBenchmarks : IDisposable
{
    public const string FolderVariable = "ACTRESSONNX_BENCH_MODELS";
    public const string BaselineFile = "fp32.onnx";
    private const int BatchSize = 8;

    private OnnxClassifier? classifier;
    private byte[] batchPixels = [];

    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "";

    public static IEnumerable<string> Models()
    {
        var folder = Folder();
        return Directory.EnumerateFiles(folder, "*.onnx").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;
    }

    [GlobalSetup]
    public void Setup()
    {
        classifier = OnnxClassifier.Load(Path.Combine(Folder(), Model));
        batchPixels = new byte[BatchSize * classifier.Preprocess.PixelBytes];
        new Random(1).NextBytes(batchPixels);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        classifier?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "PredictDecoded, batch of 8, per image")]
    public IReadOnlyList<Prediction> PredictDecodedBatch() => classifier!.PredictDecoded(batchPixels);

    private static string Folder() =>
        Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder && Directory.Exists(folder)
            ? folder
            : throw new InvalidOperationException($"Set {FolderVariable} to a folder of exported .onnx files (with {BaselineFile} for the ratio column).");

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(new SpeedColumn());
            SummaryStyle = SummaryStyle.Default.WithMaxParameterColumnWidth(64);
        }
    }

    /// <summary>Mean time of <see cref="BaselineFile"/> divided by this model's mean time, for the same benchmark method.</summary>
    private sealed class SpeedColumn : IColumn
    {
        public string Id => nameof(SpeedColumn);

        public string ColumnName => "Speed/FP32";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => $"Mean time of {BaselineFile} divided by this model's (above 1: faster than FP32)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var baseline = summary.Reports.Select(r => r.BenchmarkCase).FirstOrDefault(c =>
                c.Descriptor.WorkloadMethod == benchmarkCase.Descriptor.WorkloadMethod && Equals(c.Parameters[nameof(Model)], BaselineFile));
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            var baselineMean = baseline is null ? null : summary[baseline]?.ResultStatistics?.Mean;
            return mean is > 0 && baselineMean is > 0 ? (baselineMean.Value / mean.Value).ToString("0.00", CultureInfo.InvariantCulture) : "?";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}

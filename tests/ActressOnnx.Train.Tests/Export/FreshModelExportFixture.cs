using ActressOnnx.Testing;
using ActressOnnx.Train.Export;
using ActressOnnx.Train.Model;
using ActressOnnx.Train.Training;

namespace ActressOnnx.Train.Tests.Export;

/// <summary>One freshly initialised 3-class ResNet18 exported at 64x64, shared by the tests that only read the file.</summary>
public sealed class FreshModelExportFixture : IDisposable
{
    private readonly DirectoryInfo directory = TestPaths.NewTempDirectory("export");

    public FreshModelExportFixture()
    {
        Model = ExportTestModels.Fresh(classes: 3, seed: 1);
        Info = ExportTestModels.Info(64, 64, ["Zoë \"Z\" Adams", "Ana María", "山田 花子"]);
        Result = OnnxExporter.Export(Model, Info, Path.Combine(directory.FullName, "fresh.onnx"), options: null, CancellationToken.None);
    }

    internal ResNet18 Model { get; }

    internal CheckpointInfo Info { get; }

    internal OnnxExportResult Result { get; }

    public void Dispose()
    {
        Model.Dispose();
        directory.Delete(recursive: true);
    }
}

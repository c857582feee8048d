using System.Buffers.Binary;
using ActressOnnx.Imaging;
using ActressOnnx.Testing;
using ActressOnnx.Train.Model;
using ActressOnnx.Train.Training;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Tests.Training;

public sealed class TrainingCheckpointTests : IDisposable
{
    private static readonly CheckpointInfo Info = new(
        TrainingCheckpoint.ResNet18Architecture,
        ["ada", "grace", "hedy"],
        new PreprocessSettings(40, 32, ResizeMethod.Pad),
        7,
        0.125,
        0.0625,
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private readonly DirectoryInfo folder = TestPaths.NewTempDirectory("checkpoint");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public void SaveThenLoad_GivesIdenticalEvalOutputsAndTheSameInfo()
    {
        using var original = ModelWithNonDefaultBatchNormStatistics();
        var path = Path.Combine(folder.FullName, "model.ckpt");

        TrainingCheckpoint.Save(path, original, Info);
        var (loaded, info) = TrainingCheckpoint.Load(path, CPU);

        using (loaded)
        using (var scope = NewDisposeScope())
        {
            Assert.False(loaded.training);
            Assert.Equal(3, loaded.NumClasses);
            original.eval();
            var input = randn(2, 3, 32, 40);
            using var noGrad = no_grad();
            var expected = original.forward(input);
            var actual = loaded.forward(input);
            Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());
        }

        Assert.Equal(Info.Architecture, info.Architecture);
        Assert.Equal(Info.Labels, info.Labels);
        Assert.Equal(Info.Preprocess, info.Preprocess);
        Assert.Equal(Info.Epochs, info.Epochs);
        Assert.Equal(Info.ValidLoss, info.ValidLoss);
        Assert.Equal(Info.ValidErrorRate, info.ValidErrorRate);
        Assert.Equal(Info.TrainedAt, info.TrainedAt);
    }

    [Fact]
    public void Save_ReplacesAnExistingFileAndLeavesNoTemporaryFiles()
    {
        using var model = new ResNet18(3);
        var path = Path.Combine(folder.FullName, "sub", "model.ckpt");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "old");

        TrainingCheckpoint.Save(path, model, Info);

        Assert.Equal([path], Directory.GetFiles(folder.FullName, "*", SearchOption.AllDirectories));
        Assert.True(new FileInfo(path).Length > 1_000_000, "the weights of ResNet18 did not reach the file");
    }

    [Fact]
    public void Save_WithLabelsThatDoNotMatchTheModel_ThrowsAndWritesNothing()
    {
        using var model = new ResNet18(2);
        var path = Path.Combine(folder.FullName, "model.ckpt");

        Assert.Throws<ArgumentException>(() => TrainingCheckpoint.Save(path, model, Info));

        Assert.Empty(folder.GetFiles());
    }

    [Theory]
    [InlineData("")]
    [InlineData("PK\u0003\u0004 a zip file")]
    [InlineData("{\"architecture\":\"resnet18\"}")]
    public void Load_OfAFileThatIsNotACheckpoint_ThrowsNotAnActressOnnxCheckpoint(string content)
    {
        var path = Path.Combine(folder.FullName, "model.onnx");
        File.WriteAllText(path, content);

        var ex = Assert.Throws<CheckpointFormatException>(() => TrainingCheckpoint.Load(path, CPU));

        Assert.Contains($"'{path}' is not an ActressOnnx checkpoint", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OfANewerFormatVersion_ThrowsNamingBothVersions()
    {
        var path = SaveSmallCheckpoint();
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8, 4), TrainingCheckpoint.FormatVersion + 1);
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<CheckpointFormatException>(() => TrainingCheckpoint.Load(path, CPU));

        Assert.Contains($"format version {TrainingCheckpoint.FormatVersion + 1}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OfATruncatedCheckpoint_ThrowsDamaged()
    {
        var path = SaveSmallCheckpoint();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var ex = Assert.Throws<CheckpointFormatException>(() => TrainingCheckpoint.Load(path, CPU));

        Assert.Contains("damaged", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OfAMissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => TrainingCheckpoint.Load(Path.Combine(folder.FullName, "none.ckpt"), CPU));
    }

    private string SaveSmallCheckpoint()
    {
        using var model = new ResNet18(3);
        var path = Path.Combine(folder.FullName, "model.ckpt");
        TrainingCheckpoint.Save(path, model, Info);
        return path;
    }

    private static ResNet18 ModelWithNonDefaultBatchNormStatistics()
    {
        var model = new ResNet18(3);
        model.train();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        for (var i = 0; i < 3; i++)
        {
            model.forward(randn(4, 3, 32, 40).mul(2).add(0.5));
        }

        return model;
    }
}

using ActressOnnx.Testing;
using ActressOnnx.Testing.Onnx;
using ActressOnnx.Testing.Cli;

namespace ActressOnnx.Functions.Tests.Cli;

public sealed class PredictCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = TestPaths.NewTempDirectory();

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Predict_PrintsLabelPerImageAndFailsAtTheEndWhenOneIsUnreadable()
    {
        var model = TinyColorModel.WriteTo(Path.Combine(_directory.FullName, "model.onnx"));
        var red = Write("red.png", ColorImages.RedPng());
        var broken = Write("broken.png", "<html>not an image</html>"u8.ToArray());
        var blue = Write("blue.png", ColorImages.BluePng());

        var (exitCode, output, error) = await CliProcess.RunAsync(new Dictionary<string, string?>(), "predict", "--model", model, red, broken, blue);

        Assert.Equal(1, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToArray();
        Assert.Equal([red, blue], lines.Select(l => l[0]));
        Assert.Equal(["red", "blue"], lines.Select(l => l[1]));
        Assert.All(lines, l => Assert.True(float.Parse(l[2], System.Globalization.CultureInfo.InvariantCulture) > 0.9f, string.Join(' ', l)));
        var errorLine = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(broken + "\terror: ", errorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_WhenAllImagesReadable_ExitsZero()
    {
        var model = TinyColorModel.WriteTo(Path.Combine(_directory.FullName, "model.onnx"));

        var (exitCode, output, _) = await CliProcess.RunAsync(new Dictionary<string, string?>(), "predict", "--model", model, Write("r.png", ColorImages.RedPng()));

        Assert.Equal(0, exitCode);
        Assert.Contains("\tred\t", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_WhenCudaRequestedWithoutCuda_SaysSoOnceAndClassifiesOnTheCpu()
    {
        var model = TinyColorModel.WriteTo(Path.Combine(_directory.FullName, "model.onnx"));

        var (exitCode, output, error) = await CliProcess.RunAsync(new Dictionary<string, string?>(), "predict", "--model", model, "--execution-provider", "cuda",
            Write("r.png", ColorImages.RedPng()), Write("b.png", ColorImages.BluePng()));

        Assert.Equal(0, exitCode);
        Assert.Equal(["red", "blue"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[1]));
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("CUDA is not available (", line, StringComparison.Ordinal);
        Assert.Contains("running on the CPU", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_WhenModelLacksMetadata_ExitsWithOneLineNamingTheKey()
    {
        var model = TinyColorModel.WriteTo(Path.Combine(_directory.FullName, "model.onnx"), new TinyColorModelOptions
        {
            MetadataOverrides = new Dictionary<string, string?> { [Inference.ModelMetadataKeys.ResizeMethod] = null },
        });

        var (exitCode, _, error) = await CliProcess.RunAsync(new Dictionary<string, string?>(), "predict", "--model", model, Write("r.png", ColorImages.RedPng()));

        Assert.NotEqual(0, exitCode);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(Inference.ModelMetadataKeys.ResizeMethod, error, StringComparison.Ordinal);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}

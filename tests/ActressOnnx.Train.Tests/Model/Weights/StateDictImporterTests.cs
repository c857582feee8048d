using ActressOnnx.Testing;
using ActressOnnx.Train.Model;
using ActressOnnx.Train.Model.Weights;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Tests.Model.Weights;

public sealed class StateDictImporterTests : IDisposable
{
    private readonly DirectoryInfo directory = TestPaths.NewTempDirectory("state-dict");

    public void Dispose() => directory.Delete(recursive: true);

    [Theory]
    [InlineData("resnet18.pth")]
    [InlineData("resnet18.safetensors")]
    public void Load_TorchvisionStateDictWithImageNetHead_CopiesTheBodyAndKeepsTheNewHead(string fileName)
    {
        // Compared with the very tensors written: torch's global generator is shared with tests running in parallel,
        // so re-seeding would not reproduce them.
        var expected = ImageNetStateDict(seed: 7);
        var path = Write(fileName, expected);
        using var model = new ResNet18(3);
        var headBefore = model.Fc.weight!.clone();

        StateDictImporter.Load(model, path);

        foreach (var (name, tensor) in model.state_dict().Where(e => !e.Key.StartsWith("fc.", StringComparison.Ordinal)))
        {
            Assert.True(tensor.allclose(expected[name], rtol: 0, atol: 0), $"{name} was not copied");
        }

        Assert.True(model.Fc.weight!.allclose(headBefore, rtol: 0, atol: 0));
        Assert.Equal([3, 512], model.Fc.weight!.shape);
    }

    [Fact]
    public void Load_DataParallelPrefix_IsStripped()
    {
        var prefixed = ImageNetStateDict(seed: 9).ToDictionary(e => "module." + e.Key, e => e.Value);
        var path = Write("parallel.safetensors", prefixed);
        using var model = new ResNet18(2);

        StateDictImporter.Load(model, path);

        Assert.True(model.Conv1.weight!.allclose(prefixed["module.conv1.weight"], rtol: 0, atol: 0));
    }

    [Fact]
    public void Load_MissingTensor_NamesIt()
    {
        var state = ImageNetStateDict(seed: 1);
        state.Remove("layer3.1.bn2.running_var");
        var path = Write("partial.pth", state);
        using var model = new ResNet18(2);

        var ex = Assert.Throws<PretrainedWeightsException>(() => StateDictImporter.Load(model, path));

        Assert.Contains("lacks tensor 'layer3.1.bn2.running_var'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongShape_NamesTheTensorAndBothShapes()
    {
        var state = ImageNetStateDict(seed: 1);
        state["layer2.0.conv1.weight"] = zeros(128, 64, 5, 5);
        var path = Write("shape.safetensors", state);
        using var model = new ResNet18(2);

        var ex = Assert.Throws<PretrainedWeightsException>(() => StateDictImporter.Load(model, path));

        Assert.Contains("'layer2.0.conv1.weight' of shape [128,64,5,5], resnet18 needs [128,64,3,3]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ResNet34LikeExtraBlock_NamesTheUnknownTensor()
    {
        var state = ImageNetStateDict(seed: 1);
        state["layer1.2.conv1.weight"] = zeros(64, 64, 3, 3);
        var path = Write("resnet34.pth", state);
        using var model = new ResNet18(2);

        var ex = Assert.Throws<PretrainedWeightsException>(() => StateDictImporter.Load(model, path));

        Assert.Contains("has tensor 'layer1.2.conv1.weight', which resnet18 does not", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("absent.pth", "does not exist")]
    [InlineData("notes.txt", "neither .pth, .pt nor .safetensors")]
    [InlineData("garbage.pth", "Cannot read")]
    public void Load_UnusableFile_ThrowsWithWhatToDo(string fileName, string expected)
    {
        var path = Path.Combine(directory.FullName, fileName);
        if (fileName != "absent.pth")
        {
            File.WriteAllText(path, "not a state dict");
        }

        using var model = new ResNet18(2);

        var ex = Assert.Throws<PretrainedWeightsException>(() => StateDictImporter.Load(model, path));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private static ResNet18 ImageNetModel(int seed)
    {
        random.manual_seed(seed);
        var model = new ResNet18(1000);
        using var noGrad = no_grad();
        foreach (var (_, buffer) in model.named_buffers().Where(b => b.name.EndsWith("running_mean", StringComparison.Ordinal)))
        {
            buffer.uniform_(-1, 1);
        }

        return model;
    }

    private static Dictionary<string, Tensor> ImageNetStateDict(int seed)
    {
        using var model = ImageNetModel(seed);
        return model.state_dict().ToDictionary(e => e.Key, e => e.Value.detach().clone());
    }

    private string Write(string fileName, Dictionary<string, Tensor> state)
    {
        var path = Path.Combine(directory.FullName, fileName);
        if (fileName.EndsWith(".safetensors", StringComparison.Ordinal))
        {
            Safetensors.SaveStateDict(path, state);
        }
        else
        {
            PyTorchPickler.PickleStateDict(path, state);
        }

        return path;
    }
}

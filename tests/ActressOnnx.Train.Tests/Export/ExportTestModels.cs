using ActressOnnx.Imaging;
using ActressOnnx.Train.Model;
using ActressOnnx.Train.Training;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Tests.Export;

/// <summary>Small models, checkpoint infos and independent reference runs for the exporter tests.</summary>
internal static class ExportTestModels
{
    public static CheckpointInfo Info(int width, int height, IReadOnlyList<string> labels, double? validLoss = 0.3125, double? validErrorRate = 0.125, string architecture = "resnet18") =>
        new(architecture, labels, new PreprocessSettings(width, height, ResizeMethod.Pad), 7, validLoss, validErrorRate, new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)));

    public static ResNet18 Fresh(int classes, int seed, ResNetArchitecture? architecture = null)
    {
        random.manual_seed(seed);
        return new ResNet18(classes, architecture ?? ResNetArchitecture.TorchVision);
    }

    /// <summary>
    /// A few SGD steps in train mode on random 32x32 images, so weights and batch-norm statistics leave their initial
    /// values. The small learning rate keeps the eval-mode outputs away from 0 and 1, where a wrong graph could hide.
    /// </summary>
    public static ResNet18 BrieflyTrained(int classes, int seed, ResNetArchitecture? architecture = null)
    {
        var model = Fresh(classes, seed, architecture);
        model.train();
        using var optimizer = optim.SGD(model.parameters(), learningRate: 0.001);
        for (var step = 0; step < 5; step++)
        {
            using var scope = NewDisposeScope();
            var images = randint(0, 256, [4, 32, 32, 3], ScalarType.Byte);
            var targets = randint(0, classes, [4], ScalarType.Int64);
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(model.Architecture.Normalization.Apply(images)), targets);
            loss.backward();
            optimizer.step();
        }

        model.eval();
        return model;
    }

    public static byte[] RandomPixels(int seed, int batch, int height, int width)
    {
        var pixels = new byte[batch * height * width * 3];
        new Random(seed).NextBytes(pixels);
        return pixels;
    }

    public static float[] OnnxRuntimeProbabilities(string onnxPath, byte[] pixels, long[] shape)
    {
        using var session = new InferenceSession(onnxPath);
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, shape);
        using var outputs = session.Run(new RunOptions(), ["image"], [input], ["probabilities"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public static float[] TorchSharpProbabilities(ResNet18 model, byte[] pixels, long[] shape)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var logits = ClassifierTrainer.Forward(model, tensor(pixels, shape, ScalarType.Byte));
        return logits.softmax(1).data<float>().ToArray();
    }

    public static double MaxAbsoluteDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
    }
}

using ActressOnnx.Imaging;
using ActressOnnx.Train.Model;
using ActressOnnx.Train.Training;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Export;

/// <summary>
/// Runs an exported file in ONNX Runtime and the source model in TorchSharp on the same random images and compares
/// the probabilities; this is what proves the hand-written graph means the same as the model.
/// </summary>
internal static class ExportVerifier
{
    /// <summary>Returns the largest absolute probability difference over all batch sizes in <paramref name="options"/>.</summary>
    /// <exception cref="ExportVerificationException">The difference exceeds <see cref="OnnxExportOptions.Tolerance"/>.</exception>
    public static double Verify(string onnxPath, ResNet18 model, PreprocessSettings preprocess, OnnxExportOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(onnxPath);
        using var session = new InferenceSession(onnxPath);
        return Verify(session, model, preprocess, options, cancellationToken);
    }

    /// <summary>The same check on a model held in memory.</summary>
    public static double Verify(byte[] onnx, ResNet18 model, PreprocessSettings preprocess, OnnxExportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        using var session = new InferenceSession(onnx);
        return Verify(session, model, preprocess, options, cancellationToken);
    }

    private static double Verify(InferenceSession session, ResNet18 model, PreprocessSettings preprocess, OnnxExportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(preprocess);
        ArgumentNullException.ThrowIfNull(options);

        var random = new Random(options.VerificationSeed);
        var maxDifference = 0.0;
        foreach (var batchSize in options.VerificationBatchSizes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pixels = new byte[batchSize * preprocess.PixelBytes];
            random.NextBytes(pixels);
            long[] shape = [batchSize, preprocess.Height, preprocess.Width, 3];

            var expected = RunTorch(model, pixels, shape, options.TestTimeAugmentation);
            var actual = RunOnnx(session, pixels, shape);
            if (actual.Length != expected.Length)
            {
                throw new ExportVerificationException(double.PositiveInfinity, options.Tolerance, batchSize);
            }

            var difference = MaxAbsoluteDifference(expected, actual);
            if (!(difference <= options.Tolerance))
            {
                throw new ExportVerificationException(difference, options.Tolerance, batchSize);
            }

            maxDifference = Math.Max(maxDifference, difference);
        }

        return maxDifference;
    }

    // With test-time augmentation: the average of the probabilities of the images and of their mirror images (NHWC: width is dimension 2).
    private static float[] RunTorch(ResNet18 model, byte[] pixels, long[] shape, bool testTimeAugmentation)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var device = model.Conv1.weight!.device;
            var images = tensor(pixels, shape, ScalarType.Byte).to(device);
            var probabilities = ClassifierTrainer.Forward(model, images).softmax(1);
            if (testTimeAugmentation)
            {
                probabilities = (probabilities + ClassifierTrainer.Forward(model, images.flip(2)).softmax(1)) / 2;
            }

            return probabilities.cpu().contiguous().data<float>().ToArray();
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private static float[] RunOnnx(InferenceSession session, byte[] pixels, long[] shape)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [ResNet18OnnxGraph.InputName], [input], [ResNet18OnnxGraph.OutputName]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    // NaN anywhere counts as an infinite difference, so a broken graph cannot pass by comparing NaN.
    private static double MaxAbsoluteDifference(float[] expected, float[] actual)
    {
        var max = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = Math.Abs((double)expected[i] - actual[i]);
            max = double.IsNaN(difference) ? double.PositiveInfinity : Math.Max(max, difference);
        }

        return max;
    }
}

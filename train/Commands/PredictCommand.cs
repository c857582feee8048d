using System.CommandLine;
using System.Globalization;
using ActressOnnx.Imaging;
using ActressOnnx.Inference;

namespace ActressOnnx.Train.Commands;

/// <summary>The <c>predict</c> command: classifies image files with an exported model, exactly as the service would.</summary>
internal static class PredictCommand
{
    public static Command Create() => Create(Console.Out, Console.Error);

    internal static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<FileInfo>("--model") { Description = "The exported .onnx file (labels and preprocessing come from its metadata).", Required = true };
        var provider = new Option<ExecutionProvider>("--execution-provider")
        {
            Description = "cpu, or cuda with a GPU build (-p:OnnxRuntimeGpu=true); falls back to the CPU with one line on stderr.",
            DefaultValueFactory = _ => ExecutionProvider.Cpu,
            HelpName = "cpu|cuda",
        };
        var images = new Argument<FileInfo[]>("images") { Description = "Image files to classify.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("predict", "Print the most probable label and its probability for each image. An unreadable image gets its own error line; the rest still run, and the exit code is 1 if any failed.")
        {
            model, provider, images,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var modelFile = parse.GetValue(model)!;
            using var classifier = LoadClassifier(modelFile, new OnnxClassifierOptions { ExecutionProvider = parse.GetValue(provider) });
            if (classifier.ExecutionProviderFallback is { } fallback)
            {
                await error.WriteLineAsync(fallback).ConfigureAwait(false);
            }

            var failures = 0;
            foreach (var image in parse.GetValue(images)!)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var bytes = await File.ReadAllBytesAsync(image.FullName, cancellationToken).ConfigureAwait(false);
                    var prediction = classifier.Predict(bytes);
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{image}\t{prediction.Label}\t{prediction.Probability:0.0000}")).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ImageDecodeException or IOException or UnauthorizedAccessException)
                {
                    failures++;
                    await error.WriteLineAsync($"{image}\terror: {ex.Message}").ConfigureAwait(false);
                }
            }

            return failures == 0 ? 0 : 1;
        });
        return command;
    }

    private static OnnxClassifier LoadClassifier(FileInfo modelFile, OnnxClassifierOptions options)
    {
        if (!modelFile.Exists)
        {
            throw new CliException($"Model file '{modelFile.FullName}' does not exist; export one with 'actressonnx export'.");
        }

        try
        {
            return OnnxClassifier.Load(modelFile.FullName, options);
        }
        catch (InvalidModelException ex)
        {
            throw new CliException($"Cannot use '{modelFile.FullName}': {ex.Message}", innerException: ex);
        }
    }
}

using System.CommandLine;
using ActressOnnx.Train.Data;

namespace ActressOnnx.Train.Commands;

/// <summary>The <c>sample-data</c> command: writes a small real dataset (Fashion-MNIST look-alike classes) as image folders.</summary>
internal static class SampleDataCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder to write the training images to, one sub-folder per class.", Required = true };
        var classes = new Option<string[]>("--class")
        {
            Description = "Fashion-MNIST classes to write (default: the look-alikes t-shirt-top and shirt).",
            DefaultValueFactory = _ => ["t-shirt-top", "shirt"],
            AllowMultipleArgumentsPerToken = true,
        };
        var perClass = new Option<int>("--per-class") { Description = "Training images per class.", DefaultValueFactory = _ => 300 };
        var holdout = new Option<DirectoryInfo?>("--holdout") { Description = "Also write held-out images from the test split to this folder." };
        var holdoutPerClass = new Option<int>("--holdout-per-class") { Description = "Held-out images per class.", DefaultValueFactory = _ => 25 };
        var source = new Option<DirectoryInfo>("--source")
        {
            Description = "Folder holding the Fashion-MNIST .gz files.",
            DefaultValueFactory = _ => new DirectoryInfo(FashionMnist.DebianDirectory),
        };

        var command = new Command("sample-data", "Write Fashion-MNIST classes as PNG files in class folders: a small real dataset for trying the pipeline.")
        {
            output, classes, perClass, holdout, holdoutPerClass, source,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var indices = Parse(parse.GetValue(classes)!);
            var sourceDirectory = parse.GetValue(source)!.FullName;
            var count = parse.GetValue(perClass);
            if (count < 1 || parse.GetValue(holdoutPerClass) < 1)
            {
                throw new CliException("--per-class and --holdout-per-class must be at least 1.");
            }

            Write(sourceDirectory, "train", indices, count, parse.GetValue(output)!.FullName, cancellationToken);
            if (parse.GetValue(holdout) is { } holdoutDirectory)
            {
                Write(sourceDirectory, "t10k", indices, parse.GetValue(holdoutPerClass), holdoutDirectory.FullName, cancellationToken);
            }

            return Task.FromResult(0);
        });
        return command;
    }

    private static int[] Parse(string[] names)
    {
        try
        {
            var indices = names.Select(FashionMnist.ClassIndex).Distinct().ToArray();
            return indices.Length >= 2 ? indices : throw new CliException("Give at least two different --class values.");
        }
        catch (ArgumentException ex)
        {
            // The message without .NET's " (Parameter 'name')" suffix, which means nothing to a user.
            throw new CliException(ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal), innerException: ex);
        }
    }

    private static void Write(string source, string split, int[] indices, int perClass, string output, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, int> counts;
        try
        {
            counts = FashionMnist.WriteImages(source, split, indices, perClass, output, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException)
        {
            throw new CliException(ex.Message);
        }

        foreach (var (name, count) in counts)
        {
            Console.WriteLine($"{Path.Combine(output, name)}: {count} images");
        }
    }
}

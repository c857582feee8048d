using System.CommandLine;
using System.Globalization;
using ActressOnnx.Inference;
using ActressOnnx.Storage;

namespace ActressOnnx.Train.Commands;

/// <summary>The <c>publish</c> command: uploads an exported model as a new version and makes it the served one.</summary>
internal static class PublishCommand
{
    /// <summary>Read when neither --connection-string nor --account-url is given.</summary>
    public const string ConnectionStringVariable = StorageArguments.ConnectionStringVariable;

    public static Command Create() => Create(Environment.GetEnvironmentVariable, Console.Out);

    internal static Command Create(Func<string, string?> environment, TextWriter output)
    {
        var model = new Option<FileInfo>("--model") { Description = "The exported .onnx file.", Required = true };
        var storage = new StorageArguments();
        var command = new Command("publish", "Upload a model to Blob Storage as NAME/VERSION/model.onnx with its SHA-256 and validation metrics, then point NAME/current.json at it. Versions are UTC timestamps and never collide; the pointer never moves back to an older version.")
        {
            model,
        };
        storage.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var modelFile = parse.GetValue(model)!;
            var properties = ReadServableModel(modelFile);
            var options = storage.Read(parse, environment);
            var result = await StorageArguments.RunAsync(
                () => ModelRepositoryClient.Create(options).PublishAsync(modelFile.FullName, properties, cancellationToken), "Storage Blob Data Contributor").ConfigureAwait(false);
            await output.WriteLineAsync($"name:     {result.ModelName}").ConfigureAwait(false);
            await output.WriteLineAsync($"version:  {result.Published.Version}").ConfigureAwait(false);
            await output.WriteLineAsync($"sha256:   {result.Published.Sha256}").ConfigureAwait(false);
            await output.WriteLineAsync($"blob:     {result.BlobUri}").ConfigureAwait(false);
            await output.WriteLineAsync(result.BecameCurrent
                ? $"current:  {result.ModelName}/current.json now points at {result.Published.Version}"
                : $"current:  unchanged; a newer version was published meanwhile").ConfigureAwait(false);
            await output.WriteLineAsync($"replaced: {(result.BecameCurrent ? result.Replaced ?? "none (first version)" : "nothing")}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Refuses what the service could not load (better a failed publish than a 503 in production) and returns the
    /// facts stored with the version, which <c>models list</c> shows.
    /// </summary>
    private static Dictionary<string, string> ReadServableModel(FileInfo modelFile)
    {
        if (!modelFile.Exists)
        {
            throw new CliException($"Model file '{modelFile.FullName}' does not exist; export one with 'actressonnx export'.");
        }

        try
        {
            using var classifier = OnnxClassifier.Load(modelFile.FullName);
            var metadata = classifier.Metadata;
            var properties = new Dictionary<string, string>
            {
                ["input"] = string.Create(CultureInfo.InvariantCulture, $"{metadata.Preprocess.Width}x{metadata.Preprocess.Height}"),
            };
            Add(properties, "labels", string.Join(",", metadata.Labels));
            Add(properties, "architecture", metadata.Architecture);
            Add(properties, "epochs", metadata.Epochs?.ToString(CultureInfo.InvariantCulture));
            Add(properties, "validloss", metadata.ValidLoss?.ToString("R", CultureInfo.InvariantCulture));
            Add(properties, "validerrorrate", metadata.ValidErrorRate?.ToString("R", CultureInfo.InvariantCulture));
            Add(properties, "trainedat", metadata.TrainedAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            return properties;
        }
        catch (InvalidModelException ex)
        {
            throw new CliException($"'{modelFile.FullName}' is not a model the service can load: {ex.Message}", innerException: ex);
        }
    }

    // Blob metadata travels in HTTP headers (8 KB in all): keep values short and printable ASCII, else leave them out.
    private static void Add(Dictionary<string, string> properties, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && value.Length <= 1024 && value.All(c => c is >= ' ' and <= '~'))
        {
            properties[key] = value;
        }
    }
}

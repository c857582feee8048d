using System.CommandLine;
using ActressOnnx.Inference;
using ActressOnnx.Storage;
using Azure;
using Azure.Identity;

namespace ActressOnnx.Train.Commands;

/// <summary>The <c>publish</c> command: uploads an exported model as a new version and makes it the served one.</summary>
internal static class PublishCommand
{
    /// <summary>Read when neither --connection-string nor --account-url is given.</summary>
    public const string ConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";

    public static Command Create() => Create(Environment.GetEnvironmentVariable, Console.Out);

    internal static Command Create(Func<string, string?> environment, TextWriter output)
    {
        var model = new Option<FileInfo>("--model") { Description = "The exported .onnx file.", Required = true };
        var name = new Option<string>("--name") { Description = "The model's name: its blobs go under NAME/ and the service loads NAME/current.json.", DefaultValueFactory = _ => new ModelStorageOptions().ModelName };
        var container = new Option<string>("--container") { Description = "The blob container (created private if missing).", DefaultValueFactory = _ => new ModelStorageOptions().ContainerName };
        var connectionString = new Option<string>("--connection-string") { Description = $"A storage connection string (default: ${ConnectionStringVariable})." };
        var accountUrl = new Option<string>("--account-url") { Description = "The blob service URL, e.g. https://myaccount.blob.core.windows.net; signs in with DefaultAzureCredential (az login, managed identity)." };
        var identity = new Option<string>("--managed-identity-client-id") { Description = "Client id of the user-assigned managed identity to sign in with (with --account-url)." };

        var command = new Command("publish", "Upload a model to Blob Storage as NAME/VERSION/model.onnx with its SHA-256, then point NAME/current.json at it. Versions are UTC timestamps and never collide; the pointer never moves back to an older version.")
        {
            model, name, container, connectionString, accountUrl, identity,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(connectionString) is not null && result.GetValue(accountUrl) is not null)
            {
                result.AddError("Give either --connection-string or --account-url, not both.");
            }
        });

        command.SetAction(async (parse, cancellationToken) =>
        {
            var modelFile = parse.GetValue(model)!;
            EnsureServable(modelFile);
            var options = new ModelStorageOptions
            {
                ModelName = parse.GetValue(name)!,
                ContainerName = parse.GetValue(container)!,
                AccountUrl = parse.GetValue(accountUrl),
                ConnectionString = parse.GetValue(connectionString) ?? (parse.GetValue(accountUrl) is null ? environment(ConnectionStringVariable) : null),
                ManagedIdentityClientId = parse.GetValue(identity),
            };
            if (string.IsNullOrWhiteSpace(options.ConnectionString) && string.IsNullOrWhiteSpace(options.AccountUrl))
            {
                throw new CliException($"Say where to publish: --connection-string, --account-url, or set {ConnectionStringVariable}.");
            }

            var result = await PublishAsync(options, modelFile.FullName, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"name:    {result.ModelName}").ConfigureAwait(false);
            await output.WriteLineAsync($"version: {result.Published.Version}").ConfigureAwait(false);
            await output.WriteLineAsync($"sha256:  {result.Published.Sha256}").ConfigureAwait(false);
            await output.WriteLineAsync($"blob:    {result.BlobUri}").ConfigureAwait(false);
            await output.WriteLineAsync(result.BecameCurrent
                ? $"current: {result.ModelName}/current.json now points at {result.Published.Version}"
                : $"current: unchanged; a newer version was published meanwhile").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    // Refuse to publish what the service could not load: better a failed publish than a 503 in production.
    private static void EnsureServable(FileInfo modelFile)
    {
        if (!modelFile.Exists)
        {
            throw new CliException($"Model file '{modelFile.FullName}' does not exist; export one with 'actressonnx export'.");
        }

        try
        {
            using var classifier = OnnxClassifier.Load(modelFile.FullName);
        }
        catch (InvalidModelException ex)
        {
            throw new CliException($"'{modelFile.FullName}' is not a model the service can load: {ex.Message}", innerException: ex);
        }
    }

    private static async Task<PublishResult> PublishAsync(ModelStorageOptions options, string modelPath, CancellationToken cancellationToken)
    {
        try
        {
            return await ModelRepositoryClient.Create(options).PublishAsync(modelPath, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelStorageException ex)
        {
            throw new CliException(ex.Message, innerException: ex);
        }
        catch (RequestFailedException ex)
        {
            throw new CliException($"Blob Storage refused the upload ({ex.Status} {ex.ErrorCode}): {Sentence(ex.Message)} Check the account and that you have the 'Storage Blob Data Contributor' role.", innerException: ex);
        }
        catch (AuthenticationFailedException ex)
        {
            throw new CliException($"Could not sign in to Blob Storage: {Sentence(ex.Message)} Run 'az login' or pass --connection-string.", innerException: ex);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is RequestFailedException or HttpRequestException))
        {
            throw new CliException($"Blob Storage is unreachable: {Sentence(ex.InnerExceptions[^1].Message)} Check the connection string or account URL.", innerException: ex);
        }
    }

    /// <summary>The first line of <paramref name="message"/>, ending with a full stop, so that the advice after it reads as a new sentence.</summary>
    internal static string Sentence(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        var line = (end < 0 ? message : message[..end]).TrimEnd();
        return line.Length == 0 || line[^1] is '.' or '!' or '?' ? line : line + ".";
    }
}

using System.CommandLine;
using ActressOnnx.Storage;
using Azure;
using Azure.Identity;

namespace ActressOnnx.Train.Commands;

/// <summary>The options that say where models are stored (shared by <c>publish</c> and <c>models</c>) and their errors as one line.</summary>
internal sealed class StorageArguments
{
    /// <summary>Read when neither --connection-string nor --account-url is given.</summary>
    public const string ConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";

    public Option<string> Name { get; } = new("--name") { Description = "The model's name: its blobs go under NAME/ and the service loads NAME/current.json.", DefaultValueFactory = _ => new ModelStorageOptions().ModelName };

    public Option<string> Container { get; } = new("--container") { Description = "The blob container.", DefaultValueFactory = _ => new ModelStorageOptions().ContainerName };

    public Option<string> ConnectionString { get; } = new("--connection-string") { Description = $"A storage connection string (default: ${ConnectionStringVariable})." };

    public Option<string> AccountUrl { get; } = new("--account-url") { Description = "The blob service URL, e.g. https://myaccount.blob.core.windows.net; signs in with DefaultAzureCredential (az login, managed identity)." };

    public Option<string> Identity { get; } = new("--managed-identity-client-id") { Description = "Client id of the user-assigned managed identity to sign in with (with --account-url)." };

    /// <summary>Adds the options and the either-or check to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Name);
        command.Options.Add(Container);
        command.Options.Add(ConnectionString);
        command.Options.Add(AccountUrl);
        command.Options.Add(Identity);
        command.Validators.Add(result =>
        {
            if (result.GetValue(ConnectionString) is not null && result.GetValue(AccountUrl) is not null)
            {
                result.AddError("Give either --connection-string or --account-url, not both.");
            }
        });
    }

    /// <summary>The storage the parsed options name; a connection string falls back to <see cref="ConnectionStringVariable"/>.</summary>
    public ModelStorageOptions Read(ParseResult parse, Func<string, string?> environment)
    {
        var options = new ModelStorageOptions
        {
            ModelName = parse.GetValue(Name)!,
            ContainerName = parse.GetValue(Container)!,
            AccountUrl = parse.GetValue(AccountUrl),
            ConnectionString = parse.GetValue(ConnectionString) ?? (parse.GetValue(AccountUrl) is null ? environment(ConnectionStringVariable) : null),
            ManagedIdentityClientId = parse.GetValue(Identity),
        };
        if (string.IsNullOrWhiteSpace(options.ConnectionString) && string.IsNullOrWhiteSpace(options.AccountUrl))
        {
            throw new CliException($"Say where the models are: --connection-string, --account-url, or set {ConnectionStringVariable}.");
        }

        return options;
    }

    /// <summary>Runs a storage operation, turning its failures into one actionable <see cref="CliException"/> line.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> operation, string role)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (ModelStorageException ex)
        {
            throw new CliException(ex.Message, innerException: ex);
        }
        catch (RequestFailedException ex)
        {
            throw new CliException($"Blob Storage refused the request ({ex.Status} {ex.ErrorCode}): {Sentence(ex.Message)} Check the account and that you have the '{role}' role.", innerException: ex);
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

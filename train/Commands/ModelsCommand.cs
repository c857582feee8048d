using System.CommandLine;
using System.Globalization;
using ActressOnnx.Storage;

namespace ActressOnnx.Train.Commands;

/// <summary>The <c>models</c> command: <c>list</c> the published versions of a model, <c>rollback</c> to one of them.</summary>
internal static class ModelsCommand
{
    public static Command Create() => Create(Environment.GetEnvironmentVariable, Console.Out);

    internal static Command Create(Func<string, string?> environment, TextWriter output)
    {
        var command = new Command("models", "Inspect the published versions of a model and choose which one is served.");
        command.Subcommands.Add(CreateList(environment, output));
        command.Subcommands.Add(CreateRollback(environment, output));
        return command;
    }

    private static Command CreateList(Func<string, string?> environment, TextWriter output)
    {
        var storage = new StorageArguments();
        var command = new Command("list", "List a model's published versions, oldest first: publish time, SHA-256, size, the metrics stored at publish, and which one is current (*).");
        storage.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = storage.Read(parse, environment);
            var versions = await StorageArguments.RunAsync(
                () => ModelRepositoryClient.Create(options).ListVersionsAsync(cancellationToken), "Storage Blob Data Reader").ConfigureAwait(false);
            if (versions.Count == 0)
            {
                throw new CliException($"No versions of model '{options.ModelName}' in container '{options.ContainerName}'; publish one with 'actressonnx publish --model model.onnx --name {options.ModelName}'.");
            }

            await output.WriteLineAsync("  version              published (UTC)      size       sha256            metrics").ConfigureAwait(false);
            foreach (var version in versions)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{(version.IsCurrent ? '*' : ' ')} {version.Version,-20} {version.PublishedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "?",-20} {Size(version.SizeBytes),-10} {version.Sha256?[..Math.Min(16, version.Sha256.Length)] ?? "(none)",-17} {Metrics(version)}")).ConfigureAwait(false);
            }

            var current = versions.FirstOrDefault(v => v.IsCurrent);
            await output.WriteLineAsync(current is null
                ? "current: none of these (the pointer is missing or names a version that no longer exists)"
                : $"current: {current.Version} (sha256 {current.Sha256})").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command CreateRollback(Func<string, string?> environment, TextWriter output)
    {
        var storage = new StorageArguments();
        var to = new Option<string>("--to") { Description = "The version to serve, as 'models list' shows it.", Required = true };
        var command = new Command("rollback", "Point NAME/current.json at an earlier (or any published) version after checking its SHA-256. The write is conditional on the pointer as read, so concurrent rollbacks or publishes cannot tear it: the loser fails and changes nothing.")
        {
            to,
        };
        storage.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = storage.Read(parse, environment);
            var target = parse.GetValue(to)!;
            var (replaced, current) = await StorageArguments.RunAsync(
                () => ModelRepositoryClient.Create(options).RollbackAsync(target, cancellationToken), "Storage Blob Data Contributor").ConfigureAwait(false);
            await output.WriteLineAsync($"name:     {options.ModelName}").ConfigureAwait(false);
            await output.WriteLineAsync($"current:  {current.Version} (sha256 {current.Sha256})").ConfigureAwait(false);
            await output.WriteLineAsync($"replaced: {(replaced == current.Version ? "nothing; it was already current" : replaced ?? "none")}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static string Metrics(ModelVersionInfo version) =>
        string.Join(" ", version.Properties.Where(p => p.Key is not "labels").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private static string Size(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB");
}

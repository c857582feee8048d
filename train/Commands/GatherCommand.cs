using System.CommandLine;
using System.Globalization;
using ActressOnnx.Imaging;
using ActressOnnx.Train.Gather;
using Spectre.Console;

namespace ActressOnnx.Train.Commands;

/// <summary>The <c>gather</c> command: builds a folder-per-class dataset from an image search or URL lists.</summary>
internal static class GatherCommand
{
    public static Command Create() => Create(Environment.GetEnvironmentVariable, AnsiConsole.Console, interactive: !Console.IsOutputRedirected);

    /// <param name="environment">Reads environment variables (the search keys).</param>
    /// <param name="console">Where progress and the summary go.</param>
    /// <param name="interactive">Live progress bars when true; plain lines otherwise.</param>
    internal static Command Create(Func<string, string?> environment, IAnsiConsole console, bool interactive)
    {
        var classes = new Option<string[]>("--class")
        {
            Description = "A class to gather, repeatable: NAME (searches for NAME), NAME=QUERY (folder NAME, searches QUERY), or with --provider urls NAME=@FILE (a file of image URLs, one per line).",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var sources = new GatherSourceArguments();
        var output = new Option<DirectoryInfo>("--output") { Description = "Dataset folder: one sub-folder per class, NAME.manifest.jsonl beside each.", Required = true };
        var count = PositiveInt("--count", "Images to keep per class.", 150);
        var maxResults = new Option<int?>("--max-results") { Description = "Search results looked at per class at most (default: 3 x --count; Brave returns at most 200)." };
        var minSize = new Option<int>("--min-size") { Description = "Skip images whose shorter side is below this many pixels.", DefaultValueFactory = _ => 128 };
        var concurrency = PositiveInt("--concurrency", "Downloads in flight at once.", 8);
        var timeout = PositiveDouble("--timeout", "Seconds one request attempt may take (headers, then body).", 20);
        var retries = new Option<int>("--retries") { Description = "Retries for 408/429/5xx, timeouts and connection errors (Retry-After is honoured).", DefaultValueFactory = _ => 3 };
        var retryDelay = PositiveDouble("--retry-delay", "First retry backoff in seconds; doubles per retry, with jitter.", 1);
        var maxMegabytes = PositiveDouble("--max-megabytes", "Abandon downloads larger than this many MiB.", 20);
        var keepNear = new Option<bool>("--keep-near-duplicates") { Description = "Also keep images that look like one already kept (resized, re-encoded, lightly cropped copies); by default they are recorded as near-duplicate and not stored." };
        var retryFailed = new Option<bool>("--retry-failed") { Description = "Try again URLs that failed in an earlier run (by default every URL in the manifest is done)." };
        var attribution = new Option<bool>("--attribution") { Description = $"Write OUTPUT/{AttributionWriter.FileName}: per class, each kept file with its author, licence and source page." };

        var command = new Command("gather", "Download images per class from an image search (or URL lists), keep only what the shared image decoder reads at a minimum size, store each image once under its content hash, and record every URL in a manifest. Running it again resumes.")
        {
            classes, output, count, maxResults, minSize, concurrency, timeout, retries, retryDelay, maxMegabytes, retryFailed, attribution, keepNear,
        };
        sources.AddTo(command);
        minSize.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) { r.AddError("--min-size cannot be negative."); } });
        retries.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) { r.AddError("--retries cannot be negative."); } });
        maxResults.Validators.Add(r => { if (r.GetValueOrDefault<int?>() < 1) { r.AddError("--max-results must be at least 1."); } });

        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = sources.Resolve(parse, environment, out var notice);
            var licences = sources.ReadLicences(parse, chosen);
            var specs = ParseClasses(parse.GetValue(classes)!, chosen);
            var http = new GatherHttpOptions
            {
                RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                MaxRetries = parse.GetValue(retries),
                RetryBaseDelay = TimeSpan.FromSeconds(parse.GetValue(retryDelay)),
                UserAgent = sources.UserAgent(parse, environment),
            };
            http.MaxRetryDelay = http.MaxRetryDelay < http.RetryBaseDelay ? http.RetryBaseDelay : http.MaxRetryDelay;
            var options = new GatherOptions
            {
                OutputDirectory = parse.GetValue(output)!.FullName,
                ImagesPerClass = parse.GetValue(count),
                MaxResultsPerClass = parse.GetValue(maxResults),
                MinSide = parse.GetValue(minSize),
                Concurrency = parse.GetValue(concurrency),
                MaxImageBytes = (long)(parse.GetValue(maxMegabytes) * 1024 * 1024),
                RetryFailed = parse.GetValue(retryFailed),
                Licences = licences,
                KeepNearDuplicates = parse.GetValue(keepNear),
            };

            var plain = interactive ? null : new PlainGatherProgress(console.Profile.Out.Writer);
            using var clients = new GatherHttpClients(http, plain is null ? null : plain.Retrying);
            var source = sources.CreateSource(chosen, parse, environment, clients, http, plain is null ? null : plain.Retrying);
            if (notice is not null)
            {
                await console.Profile.Out.Writer.WriteLineAsync(notice).ConfigureAwait(false);
            }

            var downloads = new ImageDownloadClient(clients.CreateImagesClient(), options.MaxImageBytes, http, plain is null ? null : plain.Retrying);
            var vetter = new ImageVetter(new ImageDecoder(), options.MinSide);

            GatherReport report;
            try
            {
                report = plain is not null
                    ? await new ImageGatherer(source, downloads, vetter, options, plain).GatherAsync(specs, cancellationToken).ConfigureAwait(false)
                    : await console.Progress().AutoClear(false).StartAsync(context =>
                        new ImageGatherer(source, downloads, vetter, options, new LiveGatherProgress(context)).GatherAsync(specs, cancellationToken)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ImageSearchException or InvalidDataException)
            {
                throw new CliException(ex.Message, innerException: ex);
            }
            catch (GatherStorageException ex)
            {
                throw new CliException($"{ex.Message.TrimEnd('.')}. Free disk space or fix the permissions there, then run again: what was gathered so far is kept.", innerException: ex);
            }

            if (!interactive)
            {
                // Logs have no line width; Spectre's 80-column default for redirected output would squeeze the table.
                console.Profile.Width = Math.Max(console.Profile.Width, 120);
            }

            console.Write(GatherSummaryTable.Create(report.Classes));
            var writer = console.Profile.Out.Writer;
            foreach (var duplicate in report.CrossClassDuplicates)
            {
                await writer.WriteLineAsync(
                    $"warning: the same image is kept in {duplicate.FirstClass} ({duplicate.FirstClass}/{duplicate.FirstFile}) and in {duplicate.SecondClass} ({duplicate.SecondClass}/{duplicate.SecondFile}); delete it from the class it does not belong to.").ConfigureAwait(false);
            }

            foreach (var shortClass in report.Classes.Where(s => s.Kept < options.ImagesPerClass))
            {
                var spec = specs.First(s => s.Name == shortClass.ClassName);
                await writer.WriteLineAsync(shortClass.Found == 0
                    ? $"{shortClass.ClassName}: the search found no images for \"{spec.Query}\"; try another query or another --provider."
                    : string.Create(CultureInfo.InvariantCulture,
                        $"{shortClass.ClassName}: only {shortClass.Kept} of {options.ImagesPerClass} images; raise --max-results, try another query, {(shortClass.Excluded > 0 ? "widen --licence, " : "")}or run again with --retry-failed.")).ConfigureAwait(false);
            }

            if (parse.GetValue(attribution))
            {
                var written = WriteAttribution(options.OutputDirectory);
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Wrote {written.Path}: {written.Files} files, {written.UnknownLicence} of them with no known licence.")).ConfigureAwait(false);
            }

            await writer.WriteLineAsync($"Images are in {options.OutputDirectory}, one folder per class; manifests are NAME{ClassManifest.FileSuffix} there.").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static List<ClassSpec> ParseClasses(string[] values, GatherProvider provider)
    {
        try
        {
            var specs = values.Select(v => ClassSpec.Parse(v, provider)).ToList();
            var repeated = specs.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (repeated is not null)
            {
                throw new CliException($"Class '{repeated.Key}' is given more than once; each class needs its own folder name.");
            }

            // Checked before anything is created or fetched, rather than when the run reaches that class.
            var missing = provider == GatherProvider.Urls ? specs.FirstOrDefault(s => !File.Exists(s.Query)) : null;
            return missing is null ? specs : throw new CliException($"URL file '{Path.GetFullPath(missing.Query)}' does not exist; write one image URL per line there.");
        }
        catch (FormatException ex)
        {
            throw new CliException(ex.Message, innerException: ex);
        }
    }

    private static AttributionSummary WriteAttribution(string outputDirectory)
    {
        try
        {
            return AttributionWriter.Write(outputDirectory);
        }
        catch (InvalidDataException ex)
        {
            throw new CliException(ex.Message, innerException: ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Could not write {Path.Combine(outputDirectory, AttributionWriter.FileName)}: {ex.Message} Free disk space or fix the permissions there, then run again.", innerException: ex);
        }
    }

    private static Option<int> PositiveInt(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError($"{name} must be at least 1."); } });
        return option;
    }

    private static Option<double> PositiveDouble(string name, string description, double defaultValue)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r => { if (!(r.GetValueOrDefault<double>() > 0)) { r.AddError($"{name} must be greater than 0."); } });
        return option;
    }
}

using System.CommandLine;
using System.Globalization;
using ActressOnnx.Train.Audit;
using ActressOnnx.Train.Data;
using ActressOnnx.Train.Model.Weights;

namespace ActressOnnx.Train.Commands;

/// <summary>
/// The <c>audit</c> command: exact and near duplicates, image-quality outliers and suspected label errors of a
/// folder-per-class dataset, written to DATA-audit/issues.jsonl and DATA-audit/report.html.
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Dataset folder with one sub-folder of images per class.", Required = true };
        var output = new Option<DirectoryInfo?>("--output") { Description = "Folder for issues.jsonl and report.html (default: DATA-audit beside the dataset)." };
        var size = new Option<int>("--size") { Description = "Side every image is decoded to once, for hashes, statistics and ImageNet features.", DefaultValueFactory = _ => AuditOptions.DefaultSize };
        var distance = new Option<int>("--hash-distance") { Description = "Largest perceptual-hash Hamming distance (of 64 bits) that counts as a near-duplicate.", DefaultValueFactory = _ => DuplicateFinder.DefaultMaxDistance };
        var folds = new Option<int>("--folds") { Description = "Folds for the out-of-sample label check; 0 skips it.", DefaultValueFactory = _ => AuditOptions.DefaultFolds };
        var seed = new Option<int>("--seed") { Description = "Seed of the fold assignment and the linear heads.", DefaultValueFactory = _ => DatasetSplitter.DefaultSeed };
        var noFeatures = new Option<bool>("--no-features") { Description = "Skip the ImageNet features (and with them the label check, --folds 0): hashes and statistics only, a few times faster." };
        var weights = new Option<FileInfo?>("--weights") { Description = "State dict (.pt/.safetensors) of a ResNet18 body for the features instead of the ImageNet weights." };

        var command = new Command("audit", "Find exact and near duplicates, dark, light, blurry, low-information, odd-size and odd-aspect images, and suspected label errors (out-of-sample, confident learning); writes DATA-audit/issues.jsonl and report.html.")
        {
            data, output, size, distance, folds, seed, noFeatures, weights,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var writer = parse.InvocationConfiguration.Output;
            AuditOptions options;
            try
            {
                options = new AuditOptions
                {
                    DataDirectory = parse.GetRequiredValue(data).FullName,
                    OutputDirectory = parse.GetValue(output)?.FullName,
                    Size = parse.GetValue(size),
                    MaxHashDistance = parse.GetValue(distance),
                    Folds = parse.GetValue(noFeatures) && parse.GetResult(folds) is null ? 0 : parse.GetValue(folds),
                    Features = !parse.GetValue(noFeatures),
                    Seed = parse.GetValue(seed),
                    WeightsFile = parse.GetValue(weights)?.FullName,
                }.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ex.Message, exitCode: 2, innerException: ex);
            }

            AuditResult result;
            try
            {
                result = await Task.Run(() => DatasetAuditor.Run(options, writer, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DatasetException or PretrainedWeightsException)
            {
                throw new CliException(ex.Message, innerException: ex);
            }

            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{"issue",-18} {"images",6}")).ConfigureAwait(false);
            foreach (var (issue, count) in result.Counts())
            {
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{issue,-18} {count,6}")).ConfigureAwait(false);
            }

            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Audited {result.Audited} images in {result.Timings.Sum(t => t.Seconds):F1} s ({string.Join(", ", result.Timings.Select(t => $"{t.Stage} {t.Seconds:F1} s"))}); skipped {result.Skipped} that do not decode.")).ConfigureAwait(false);
            await writer.WriteLineAsync($"Findings: {result.IssuesPath}").ConfigureAwait(false);
            await writer.WriteLineAsync($"Report: {result.ReportPath}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}

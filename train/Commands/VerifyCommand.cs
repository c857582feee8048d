using System.CommandLine;
using System.Globalization;
using ActressOnnx.Imaging;
using ActressOnnx.Train.Gather;
using Spectre.Console;

namespace ActressOnnx.Train.Commands;

/// <summary>The <c>verify</c> command: moves files that are not usable images out of a dataset, into DATA-quarantine.</summary>
internal static class VerifyCommand
{
    public static Command Create() => Create(AnsiConsole.Console);

    internal static Command Create(IAnsiConsole console)
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Dataset folder with one sub-folder per class.", Required = true };
        var minSize = new Option<int>("--min-size") { Description = "Also quarantine images whose shorter side is below this many pixels (default 0: keep any size).", DefaultValueFactory = _ => 0 };
        minSize.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) { r.AddError("--min-size cannot be negative."); } });

        var command = new Command("verify", "Check every file in a folder-per-class dataset with the shared image decoder (content sniffed, not trusted from the name) and move the ones that do not decode into a quarantine folder beside the dataset, listing them.")
        {
            data, minSize,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var verifier = new DatasetVerifier(new ImageVetter(new ImageDecoder(), parse.GetValue(minSize)));
            VerifyResult result;
            try
            {
                result = verifier.Verify(parse.GetValue(data)!.FullName, cancellationToken);
            }
            catch (DirectoryNotFoundException ex)
            {
                throw new CliException(ex.Message, innerException: ex);
            }

            var writer = console.Profile.Out.Writer;
            foreach (var file in result.Quarantined)
            {
                await writer.WriteLineAsync($"quarantined {file.RelativePath}: {file.Reason}").ConfigureAwait(false);
            }

            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{result.Checked} files checked: {result.Usable} usable, {result.Quarantined.Count} moved to {result.QuarantineDirectory}")).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}

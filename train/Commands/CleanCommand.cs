using System.CommandLine;
using System.Globalization;
using ActressOnnx.Train.Clean;
using ActressOnnx.Train.Data;
using ActressOnnx.Train.Training;

namespace ActressOnnx.Train.Commands;

/// <summary>
/// The <c>clean</c> command: scores a dataset with a checkpoint and serves a local page to delete (quarantine) or
/// re-label the images the model gets most wrong; <c>--undo</c> puts back the last applied batch.
/// </summary>
internal static class CleanCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Dataset folder with one sub-folder of images per class.", Required = true };
        var checkpoint = new Option<FileInfo?>("--checkpoint") { Description = "Checkpoint written by 'train' for this dataset (its report's predictions.jsonl is reused when it matches the files)." };
        var host = new Option<string>("--host") { Description = "Address to listen on; the page is reachable only from this machine unless you pass another address (e.g. 0.0.0.0).", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on; 0 picks a free one.", DefaultValueFactory = _ => 0 };
        var validPct = new Option<double>("--valid-pct") { Description = "Validation share used by train (for the split shown when scoring again).", DefaultValueFactory = _ => DatasetSplitter.DefaultValidFraction };
        var seed = new Option<int>("--seed") { Description = "Seed used by train (for the split shown when scoring again).", DefaultValueFactory = _ => DatasetSplitter.DefaultSeed };
        var device = TrainingArguments.DeviceOption();
        var undo = new Option<bool>("--undo") { Description = "Put back the files of the last applied batch (see DATA/clean-log.jsonl) and exit." };

        var command = new Command("clean", "Serve a local page that lists each class's images by loss, highest first, to delete (into DATA-quarantine) or move to another class; every change is logged and --undo reverts the last batch.")
        {
            data, checkpoint, host, port, validPct, seed, device, undo,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var dataDirectory = parse.GetRequiredValue(data).FullName;
            try
            {
                if (parse.GetValue(undo))
                {
                    var (batch, restored) = CleanUndo.UndoLast(dataDirectory);
                    await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Undid batch {batch}: {restored} file(s) restored.")).ConfigureAwait(false);
                    return 0;
                }

                var checkpointFile = parse.GetValue(checkpoint)
                    ?? throw new CliException("Pass --checkpoint with the model trained on this dataset (or --undo to revert the last applied batch).");
                var dataset = await Task.Run(
                    () => CleanScoring.Load(dataDirectory, checkpointFile.FullName, parse.GetValue(validPct), parse.GetValue(seed), parse.GetValue(device), writer, cancellationToken),
                    cancellationToken).ConfigureAwait(false);
                using var session = new CleanSession(dataset);
                var options = new CleanServerOptions { Host = parse.GetRequiredValue(host), Port = parse.GetValue(port) };
                var (app, url) = await CleanServer.StartAsync(session, options, cancellationToken).ConfigureAwait(false);
                await using (app.ConfigureAwait(false))
                {
                    await writer.WriteLineAsync($"Cleaner page: {url} (Ctrl-C to stop; changes are logged in {session.Log.Path})").ConfigureAwait(false);
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                    // Ctrl-C reaches us through the token; SIGTERM (and SIGQUIT) stop the host, which ends the wait too.
                    using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
                    try
                    {
                        await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                    }

                    await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
                }

                await writer.WriteLineAsync("Stopped.").ConfigureAwait(false);
                return 0;
            }
            catch (CleanException ex)
            {
                throw new CliException(ex.Message, innerException: ex);
            }
            catch (Exception ex) when (ex is CleanSetupException or TrainingException)
            {
                throw new CliException(ex.Message, innerException: ex);
            }
        });
        return command;
    }
}

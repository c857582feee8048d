using System.CommandLine;
using ActressOnnx.Imaging;
using ActressOnnx.Train.Data;
using ActressOnnx.Train.Model.Weights;
using ActressOnnx.Train.Training;
using ActressOnnx.Train.Training.LearningRates;

namespace ActressOnnx.Train.Commands;

/// <summary>The `lr-find` command: fastai's learning-rate range test, a plot of loss against learning rate, and a suggestion.</summary>
internal static class LearningRateFindCommand
{
    public static Command Create()
    {
        var finderDefaults = new LearningRateFinderOptions();
        var arguments = new TrainingArguments();
        var output = new Option<FileInfo>("--output") { Description = "PNG plot of loss against learning rate.", DefaultValueFactory = _ => new FileInfo("lr-find.png") };
        var startLr = new Option<double>("--start-lr") { Description = "First learning rate of the sweep.", DefaultValueFactory = _ => finderDefaults.StartLearningRate };
        var endLr = new Option<double>("--end-lr") { Description = "Last learning rate of the sweep.", DefaultValueFactory = _ => finderDefaults.EndLearningRate };
        var iterations = new Option<int>("--iterations") { Description = "Steps of the sweep (it stops early when the loss diverges).", DefaultValueFactory = _ => finderDefaults.Iterations };

        var command = new Command("lr-find", "Sweep the learning rate exponentially on the training split, plot loss against it (PNG) and print a suggestion for train --lr.");
        arguments.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(startLr);
        command.Options.Add(endLr);
        command.Options.Add(iterations);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = arguments.Read(parseResult, new TrainingOptions());
            var finder = new LearningRateFinderOptions
            {
                StartLearningRate = parseResult.GetValue(startLr),
                EndLearningRate = parseResult.GetValue(endLr),
                Iterations = parseResult.GetValue(iterations),
            };
            var plot = parseResult.GetRequiredValue(output).FullName;
            var writer = parseResult.InvocationConfiguration.Output;
            try
            {
                await Task.Run(() => LearningRateFindJob.Run(options, finder, plot, writer, cancellationToken), cancellationToken);
            }
            catch (Exception ex) when (ex is DatasetException or TrainingException)
            {
                throw new CliException(ex.Message, innerException: ex);
            }

            return 0;
        });
        return command;
    }
}

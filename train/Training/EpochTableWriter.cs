using System.Globalization;
using System.Text;

namespace ActressOnnx.Train.Training;

/// <summary>Prints one aligned row per epoch, fastai style, with the header before the first row.</summary>
internal sealed class EpochTableWriter(TextWriter output) : IProgress<EpochMetrics>
{
    private static readonly CompositeFormat RowFormat = CompositeFormat.Parse("{0,-5}  {1,10}  {2,10}  {3,10}  {4,5}");
    private bool headerWritten;

    public void Report(EpochMetrics value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!headerWritten)
        {
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, RowFormat, "epoch", "train_loss", "valid_loss", "error_rate", "time"));
            headerWritten = true;
        }

        output.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            RowFormat,
            value.Epoch,
            value.TrainLoss.ToString("F6", CultureInfo.InvariantCulture),
            value.ValidLoss?.ToString("F6", CultureInfo.InvariantCulture) ?? "n/a",
            value.ErrorRate?.ToString("F6", CultureInfo.InvariantCulture) ?? "n/a",
            FormatDuration(value.Duration)));
        output.Flush();
    }

    private static string FormatDuration(TimeSpan duration) =>
        duration.TotalHours >= 1
            ? duration.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : duration.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}

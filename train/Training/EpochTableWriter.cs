using System.Globalization;
using System.Text;

namespace ActressOnnx.Train.Training;

/// <summary>
/// Prints one aligned row per epoch, fastai style, with the header before the first row: whether the body was frozen,
/// the losses, the error rate, the head's learning rate at the end of the epoch and training images per second.
/// </summary>
internal sealed class EpochTableWriter(TextWriter output) : IProgress<EpochMetrics>
{
    private static readonly CompositeFormat RowFormat = CompositeFormat.Parse("{0,-5}  {1,-6}  {2,10}  {3,10}  {4,10}  {5,9}  {6,7}  {7,5}");
    private bool headerWritten;

    public void Report(EpochMetrics value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!headerWritten)
        {
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, RowFormat, "epoch", "body", "train_loss", "valid_loss", "error_rate", "lr", "img/s", "time"));
            headerWritten = true;
        }

        output.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            RowFormat,
            value.Epoch,
            value.HeadOnly ? "head" : value.Frozen ? "frozen" : "all",
            value.TrainLoss.ToString("F6", CultureInfo.InvariantCulture),
            value.ValidLoss?.ToString("F6", CultureInfo.InvariantCulture) ?? "n/a",
            value.ErrorRate?.ToString("F6", CultureInfo.InvariantCulture) ?? "n/a",
            value.LearningRate.ToString("0.00e+0", CultureInfo.InvariantCulture),
            value.ImagesPerSecond.ToString("F1", CultureInfo.InvariantCulture),
            FormatDuration(value.Duration)));
        output.Flush();
    }

    private static string FormatDuration(TimeSpan duration) =>
        duration.TotalHours >= 1
            ? duration.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : duration.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}

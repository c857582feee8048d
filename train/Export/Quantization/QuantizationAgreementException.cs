using System.Globalization;

namespace ActressOnnx.Train.Export.Quantization;

/// <summary>The INT8 model picks a different label from the FP32 model too often on the calibration images.</summary>
internal sealed class QuantizationAgreementException(QuantizationReport report, double minimum)
    : Exception(string.Create(
        CultureInfo.InvariantCulture,
        $"The INT8 model agrees with the FP32 model on {report.LabelAgreement * 100:F1}% of {report.ImageCount} calibration images, below the required {minimum * 100:F1}% (mean probability difference {report.MeanAbsoluteDifference:G3}); nothing was written. Export without --quantize, or calibrate with more images like those the model will see."))
{
    public QuantizationReport Report { get; } = report;
}

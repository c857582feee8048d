using System.Text.Json;
using ActressOnnx.Imaging;
using ActressOnnx.Inference;
using ActressOnnx.Train.Export;
using ActressOnnx.Train.Training;

namespace ActressOnnx.Train.Tests.Export;

public sealed class ExportMetadataTests
{
    [Fact]
    public void From_WritesInvariantValuesAndUtcTime()
    {
        var info = new CheckpointInfo("resnet18", ["Zoë", "a \"b\" \\ c"], new PreprocessSettings(160, 120, ResizeMethod.Squish), 12, 0.1, 1.0 / 3, new DateTimeOffset(2026, 1, 2, 23, 30, 0, TimeSpan.FromHours(-5)));

        var metadata = ExportMetadata.From(info).ToDictionary();

        Assert.Equal("[\"Zoë\",\"a \\\"b\\\" \\\\ c\"]", metadata[ModelMetadataKeys.Labels]);
        Assert.Equal(info.Labels, JsonSerializer.Deserialize<string[]>(metadata[ModelMetadataKeys.Labels]));
        Assert.Equal("160", metadata[ModelMetadataKeys.InputWidth]);
        Assert.Equal("120", metadata[ModelMetadataKeys.InputHeight]);
        Assert.Equal("squish", metadata[ModelMetadataKeys.ResizeMethod]);
        Assert.Equal("12", metadata[ModelMetadataKeys.Epochs]);
        Assert.Equal(1.0 / 3, double.Parse(metadata[ModelMetadataKeys.ValidErrorRate], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("2026-01-03T04:30:00.0000000Z", metadata[ModelMetadataKeys.TrainedAt]);
    }

    [Fact]
    public void From_WithoutValidationResults_LeavesThoseKeysOut()
    {
        var info = new CheckpointInfo("resnet18", ["a", "b"], PreprocessSettings.Default, 1, null, null, DateTimeOffset.UnixEpoch);

        var keys = ExportMetadata.From(info).Select(entry => entry.Key).ToList();

        Assert.DoesNotContain(ModelMetadataKeys.ValidLoss, keys);
        Assert.DoesNotContain(ModelMetadataKeys.ValidErrorRate, keys);
        Assert.Equal(7, keys.Distinct().Count());
    }

    [Theory]
    [InlineData(ResizeMethod.Squish, "squish")]
    [InlineData(ResizeMethod.Crop, "crop")]
    [InlineData(ResizeMethod.Pad, "pad")]
    public void ResizeName_IsTheLowerCaseName(ResizeMethod method, string expected) =>
        Assert.Equal(expected, ClassifierMetadata.ResizeName(method));
}

using ActressOnnx.Imaging;
using ActressOnnx.Inference;

namespace ActressOnnx.Tests.Inference;

public sealed class ClassifierMetadataTests
{
    private static Dictionary<string, string> Valid() => new()
    {
        [ModelMetadataKeys.Labels] = """["cat","dog"]""",
        [ModelMetadataKeys.InputWidth] = "64",
        [ModelMetadataKeys.InputHeight] = "48",
        [ModelMetadataKeys.ResizeMethod] = "pad",
    };

    [Fact]
    public void Parse_WhenOnlyRequiredEntries_ReadsThemAndLeavesOptionalNull()
    {
        var metadata = ClassifierMetadata.Parse(Valid());

        Assert.Equal(["cat", "dog"], metadata.Labels);
        Assert.Equal(new PreprocessSettings(64, 48, ResizeMethod.Pad), metadata.Preprocess);
        Assert.Null(metadata.Architecture);
        Assert.Null(metadata.Epochs);
        Assert.Null(metadata.TrainedAt);
    }

    [Fact]
    public void Parse_WhenOptionalEntriesPresent_ReadsThemInvariantly()
    {
        var entries = Valid();
        entries[ModelMetadataKeys.Epochs] = "7";
        entries[ModelMetadataKeys.ValidLoss] = "0.25";
        entries[ModelMetadataKeys.ValidErrorRate] = "0.125";
        entries[ModelMetadataKeys.TrainedAt] = "2026-03-04T05:06:07Z";
        entries[ModelMetadataKeys.Architecture] = "resnet18";

        var metadata = ClassifierMetadata.Parse(entries);

        Assert.Equal(7, metadata.Epochs);
        Assert.Equal(0.25, metadata.ValidLoss);
        Assert.Equal(0.125, metadata.ValidErrorRate);
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero), metadata.TrainedAt);
        Assert.Equal("resnet18", metadata.Architecture);
    }

    [Theory]
    [InlineData(ModelMetadataKeys.Labels)]
    [InlineData(ModelMetadataKeys.InputWidth)]
    [InlineData(ModelMetadataKeys.InputHeight)]
    [InlineData(ModelMetadataKeys.ResizeMethod)]
    public void Parse_WhenRequiredEntryMissing_ThrowsNamingTheKey(string key)
    {
        var entries = Valid();
        entries.Remove(key);

        var ex = Assert.Throws<InvalidModelException>(() => ClassifierMetadata.Parse(entries));

        Assert.Equal(key, ex.MetadataKey);
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ModelMetadataKeys.Labels, "cat,dog")]
    [InlineData(ModelMetadataKeys.Labels, "[]")]
    [InlineData(ModelMetadataKeys.Labels, """["cat","cat"]""")]
    [InlineData(ModelMetadataKeys.Labels, """["cat",""]""")]
    [InlineData(ModelMetadataKeys.InputWidth, "0")]
    [InlineData(ModelMetadataKeys.InputHeight, "-3")]
    [InlineData(ModelMetadataKeys.InputWidth, "64.5")]
    [InlineData(ModelMetadataKeys.ResizeMethod, "stretch")]
    [InlineData(ModelMetadataKeys.ResizeMethod, "1")]
    [InlineData(ModelMetadataKeys.Epochs, "many")]
    [InlineData(ModelMetadataKeys.ValidLoss, "NaN")]
    [InlineData(ModelMetadataKeys.TrainedAt, "yesterday")]
    public void Parse_WhenEntryMalformed_ThrowsNamingTheKeyAndValue(string key, string value)
    {
        var entries = Valid();
        entries[key] = value;

        var ex = Assert.Throws<InvalidModelException>(() => ClassifierMetadata.Parse(entries));

        Assert.Equal(key, ex.MetadataKey);
        Assert.Contains(value, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenResizeMethodHasOtherCase_Accepts()
    {
        var entries = Valid();
        entries[ModelMetadataKeys.ResizeMethod] = "Crop";

        Assert.Equal(ResizeMethod.Crop, ClassifierMetadata.Parse(entries).Preprocess.Resize);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("int8", "int8")]
    [InlineData(" INT8 ", "int8")]
    public void Parse_WhenQuantizationKnownOrAbsent_ReadsIt(string? value, string? expected)
    {
        var entries = Valid();
        if (value is not null)
        {
            entries[ModelMetadataKeys.Quantization] = value;
        }

        Assert.Equal(expected, ClassifierMetadata.Parse(entries).Quantization);
    }

    [Fact]
    public void Parse_WhenQuantizationUnknownToThisBuild_RefusesWithTheWayOut()
    {
        var entries = Valid();
        entries[ModelMetadataKeys.Quantization] = "int4";

        var ex = Assert.Throws<InvalidModelException>(() => ClassifierMetadata.Parse(entries));

        Assert.Equal(ModelMetadataKeys.Quantization, ex.MetadataKey);
        Assert.Contains("quantized as 'int4', which this build does not know", ex.Message, StringComparison.Ordinal);
        Assert.Contains("upgrade the service", ex.Message, StringComparison.Ordinal);
    }
}

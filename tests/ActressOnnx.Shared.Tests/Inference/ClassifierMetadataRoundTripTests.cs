using ActressOnnx.Imaging;
using ActressOnnx.Inference;

namespace ActressOnnx.Tests.Inference;

/// <summary>The model file contract: what <see cref="ClassifierMetadata.ToEntries"/> writes, <see cref="ClassifierMetadata.Parse"/> reads back.</summary>
public sealed class ClassifierMetadataRoundTripTests
{
    [Fact]
    public void ToEntries_ThenParse_GivesTheSameMetadataIncludingUnknownKeysOfOurs()
    {
        var original = new ClassifierMetadata(["Zoë", "b"], new PreprocessSettings(64, 48, ResizeMethod.Pad), "resnet18", 7, 0.25, 0.125,
            new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero))
        {
            Quantization = "int8",
            Extras = new Dictionary<string, string> { [ModelMetadataKeys.Prefix + "future_key"] = "kept" },
        };

        var entries = original.ToEntries();
        var parsed = ClassifierMetadata.Parse(entries.ToDictionary());

        Assert.Equal(original.Labels, parsed.Labels);
        Assert.Equal(original.Preprocess, parsed.Preprocess);
        Assert.Equal((original.Architecture, original.Epochs, original.ValidLoss, original.ValidErrorRate, original.TrainedAt),
            (parsed.Architecture, parsed.Epochs, parsed.ValidLoss, parsed.ValidErrorRate, parsed.TrainedAt));
        Assert.Equal("int8", parsed.Quantization);
        Assert.Equal("kept", parsed.Extras[ModelMetadataKeys.Prefix + "future_key"]);
        Assert.DoesNotContain(ModelMetadataKeys.Quantization, parsed.Extras.Keys);
        Assert.Equal(entries.Count, entries.Select(e => e.Key).Distinct().Count());
        Assert.Contains(entries, e => e.Key == ModelMetadataKeys.Labels && e.Value.Contains("Zoë", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_KeepsOnlyOurOwnUnknownKeysAsExtras()
    {
        var parsed = ClassifierMetadata.Parse(new Dictionary<string, string>
        {
            [ModelMetadataKeys.Labels] = """["a","b"]""",
            [ModelMetadataKeys.InputWidth] = "32",
            [ModelMetadataKeys.InputHeight] = "32",
            [ModelMetadataKeys.ResizeMethod] = "crop",
            ["producer.note"] = "not ours",
            [ModelMetadataKeys.Prefix + "future_key"] = "kept",
        });

        Assert.Equal(["actressonnx.future_key"], parsed.Extras.Keys);
    }

    [Fact]
    public void ModelFileContract_NamesTheClassifiersInputAndOutput()
    {
        Assert.Equal(ModelFileContract.InputName, OnnxClassifier.InputName);
        Assert.Equal(ModelFileContract.OutputName, OnnxClassifier.OutputName);
    }
}

using System.Text.Json.Serialization;

namespace ActressOnnx.Train.Training;

/// <summary>The JSON part of a checkpoint file: <see cref="CheckpointInfo"/> with explicit, stable field names.</summary>
internal sealed record CheckpointHeader(
    [property: JsonPropertyName("architecture")] string? Architecture,
    [property: JsonPropertyName("labels")] string[]? Labels,
    [property: JsonPropertyName("input_width")] int InputWidth,
    [property: JsonPropertyName("input_height")] int InputHeight,
    [property: JsonPropertyName("resize")] string? Resize,
    [property: JsonPropertyName("epochs")] int Epochs,
    [property: JsonPropertyName("valid_loss")] double? ValidLoss,
    [property: JsonPropertyName("valid_error_rate")] double? ValidErrorRate,
    [property: JsonPropertyName("trained_at")] DateTimeOffset TrainedAt,
    [property: JsonPropertyName("weights")] string? Weights = null);

namespace ActressOnnx.Serving.Endpoints;

/// <summary>The served model as <c>GET /api/health</c> describes it.</summary>
public sealed record HealthModel(
    string Name,
    string Version,
    string Sha256,
    DateTimeOffset PublishedAt,
    IReadOnlyList<string> Labels,
    int InputWidth,
    int InputHeight,
    string ResizeMethod,
    string? Architecture,
    int? Epochs,
    double? ValidLoss,
    double? ValidErrorRate,
    DateTimeOffset? TrainedAt)
{
    /// <summary><c>int8</c> when the served model is quantized; null for FP32.</summary>
    public string? Quantization { get; init; }
}

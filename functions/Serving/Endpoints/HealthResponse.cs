namespace ActressOnnx.Serving.Endpoints;

/// <summary>The body of a healthy <c>GET /api/health</c>.</summary>
/// <param name="Status">Always <c>ok</c>.</param>
/// <param name="Model">The served model.</param>
public sealed record HealthResponse(string Status, HealthModel Model);

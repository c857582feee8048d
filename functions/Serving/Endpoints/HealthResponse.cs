using System.Text.Json.Serialization;
using ActressOnnx.Serving.ModelLifecycle;

namespace ActressOnnx.Serving.Endpoints;

/// <summary>The body of a healthy <c>GET /api/health</c>.</summary>
/// <param name="Status">Always <c>ok</c>.</param>
/// <param name="Model">The served model.</param>
/// <param name="LastRefreshFailure">
/// Set while the published version is not the served one because it was refused (or storage failed); left out otherwise.
/// </param>
public sealed record HealthResponse(
    string Status,
    HealthModel Model,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RefreshFailure? LastRefreshFailure = null);

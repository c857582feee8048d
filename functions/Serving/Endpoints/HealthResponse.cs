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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RefreshFailure? LastRefreshFailure = null)
{
    /// <summary>The version <c>current.json</c> named when last read (null when nothing is published).</summary>
    public string? PublishedVersion { get; init; }

    /// <summary>
    /// False while the served version is not the published one because that was refused: after a start, an earlier
    /// good version (the last known good) serves; while running, the previous one keeps serving.
    /// </summary>
    public bool ServesPublishedVersion { get; init; } = true;
}

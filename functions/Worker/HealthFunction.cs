using ActressOnnx.Serving.Endpoints;
using Microsoft.Azure.Functions.Worker;

namespace ActressOnnx.Functions;

/// <summary><c>GET /api/health</c> (anonymous): the served model, or 503 with the reason there is none.</summary>
public sealed class HealthFunction(ServingApi serving)
{
    /// <summary>Hands the request to <see cref="ServingApi.Health"/>.</summary>
    [Function(ServingApi.HealthRoute)]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ServingApi.HealthRoute)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return serving.Health();
    }
}

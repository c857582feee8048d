using ActressOnnx.Serving.Endpoints;
using Microsoft.Azure.Functions.Worker;

namespace ActressOnnx.Functions;

/// <summary><c>GET /api/app</c> (anonymous): the web page people use to classify a photo.</summary>
public sealed class AppFunction(ServingApi serving)
{
    /// <summary>Hands the request to <see cref="ServingApi.Page"/>.</summary>
    [Function(ServingApi.AppRoute)]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ServingApi.AppRoute)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return serving.Page(request.HttpContext);
    }
}

using ActressOnnx.Serving.Endpoints;
using Microsoft.Azure.Functions.Worker;

namespace ActressOnnx.Functions;

/// <summary><c>POST /api/predict</c> (function key required): classifies the posted image.</summary>
public sealed class PredictFunction(ServingApi serving)
{
    /// <summary>Hands the request to <see cref="ServingApi.PredictAsync"/>.</summary>
    [Function(ServingApi.PredictRoute)]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ServingApi.PredictRoute)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return serving.PredictAsync(request.HttpContext, cancellationToken);
    }
}

using ActressOnnx.Serving.Endpoints;

namespace ActressOnnx.Serving.Host;

/// <summary>Maps the service's routes onto the standalone host, under <c>/api</c> like the Functions host.</summary>
public static class ServingEndpoints
{
    /// <summary>Adds problem+json error handling and maps <c>POST /api/predict</c> and <c>GET /api/health</c>.</summary>
    public static WebApplication MapServingEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var api = app.MapGroup("/" + ServingApi.RoutePrefix);
        api.MapPost("/" + ServingApi.PredictRoute, (HttpContext context, ServingApi serving, CancellationToken cancellationToken) => serving.PredictAsync(context, cancellationToken));
        api.MapGet("/" + ServingApi.HealthRoute, (ServingApi serving) => serving.Health());
        return app;
    }
}

using ActressOnnx.Serving.Endpoints;

namespace ActressOnnx.Serving.Host;

/// <summary>Maps the service's routes onto the standalone host, under <c>/api</c> like the Functions host.</summary>
public static class ServingEndpoints
{
    /// <summary>
    /// Adds problem+json error handling and maps <c>POST /api/predict</c>, <c>GET /api/health</c> and the web page at
    /// <c>GET /</c> and <c>GET /api/app</c> (the route the Azure Functions worker serves it at).
    /// </summary>
    public static WebApplication MapServingEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var api = app.MapGroup("/" + ServingApi.RoutePrefix);
        api.MapPost("/" + ServingApi.PredictRoute, (HttpContext context, ServingApi serving, CancellationToken cancellationToken) => serving.PredictAsync(context, cancellationToken));
        api.MapGet("/" + ServingApi.HealthRoute, (ServingApi serving) => serving.Health());
        api.MapGet("/" + ServingApi.AppRoute, (HttpContext context, ServingApi serving) => serving.Page(context));
        app.MapGet("/", (HttpContext context, ServingApi serving) => serving.Page(context));
        return app;
    }
}

using ActressOnnx.Functions.Page;

namespace ActressOnnx.Functions.Endpoints;

/// <summary>Maps the HTTP API the Functions host forwards to (routes keep the host's <c>/api</c> prefix).</summary>
public static class ServingEndpoints
{
    /// <summary>
    /// Adds problem+json error handling and maps <c>POST /api/predict</c>, <c>GET /api/health</c> and the web page at
    /// <c>GET /</c> (standalone) and <c>GET /api/app</c> (the route the Functions host forwards for the <c>app</c> function).
    /// </summary>
    public static WebApplication UseServingEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var api = app.MapGroup("/api");
        api.MapPost("/predict", PredictEndpoint.HandleAsync);
        api.MapGet("/health", HealthEndpoint.Handle);
        app.MapGet("/", PageEndpoint.Handle);
        api.MapGet("/app", PageEndpoint.Handle);
        return app;
    }
}

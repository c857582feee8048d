namespace ActressOnnx.Functions.Endpoints;

/// <summary>Maps the HTTP API the Functions host forwards to (routes keep the host's <c>/api</c> prefix).</summary>
public static class ServingEndpoints
{
    /// <summary>Adds problem+json error handling and maps <c>POST /api/predict</c> and <c>GET /api/health</c>.</summary>
    public static WebApplication UseServingEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var api = app.MapGroup("/api");
        api.MapPost("/predict", PredictEndpoint.HandleAsync);
        api.MapGet("/health", HealthEndpoint.Handle);
        return app;
    }
}

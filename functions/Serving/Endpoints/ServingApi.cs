using System.Diagnostics;
using ActressOnnx.Serving.ModelLifecycle;
using ActressOnnx.Serving.Page;
using ActressOnnx.Serving.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ActressOnnx.Serving.Endpoints;

/// <summary>
/// The service's requests, handled the same way whichever host received them: the standalone ASP.NET Core host maps
/// these methods to routes, and the Azure Functions worker calls them from its HTTP-triggered functions. Each answer
/// is an <see cref="IResult"/> (200 JSON or problem+json) that the host writes out.
/// </summary>
public sealed class ServingApi(ModelLoader loader, IOptions<ServingOptions> options, ServingTelemetry telemetry)
{
    /// <summary>The route prefix both hosts serve under (the Functions host's default).</summary>
    public const string RoutePrefix = "api";

    /// <summary>The predict route, under <see cref="RoutePrefix"/>.</summary>
    public const string PredictRoute = "predict";

    /// <summary>The health route, under <see cref="RoutePrefix"/>.</summary>
    public const string HealthRoute = "health";

    /// <summary>The web page's route under <see cref="RoutePrefix"/> (the standalone host also serves it at <c>/</c>).</summary>
    public const string AppRoute = "app";

    /// <summary><c>POST /api/predict</c>: see <see cref="PredictEndpoint"/>.</summary>
    public async Task<IResult> PredictAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var activity = telemetry.StartRequest(PredictRoute);
        var started = Stopwatch.GetTimestamp();
        var result = await PredictEndpoint.HandleAsync(context, loader, options, cancellationToken).ConfigureAwait(false);
        var (outcome, version) = result.Result switch
        {
            Ok<PredictResponse> ok => ("ok", ok.Value?.Model.Version),
            ProblemHttpResult problem => (Outcome(problem), loader.State.Model?.Published.Version),
            _ => ("unknown", null),
        };
        telemetry.RecordRequest(activity, PredictRoute, outcome, version, Stopwatch.GetElapsedTime(started));
        return result;
    }

    /// <summary><c>GET /api/health</c>: see <see cref="HealthEndpoint"/>.</summary>
    public IResult Health()
    {
        using var activity = telemetry.StartRequest(HealthRoute);
        var started = Stopwatch.GetTimestamp();
        var result = HealthEndpoint.Handle(loader);
        var (outcome, version) = result.Result switch
        {
            Ok<HealthResponse> ok => ("ok", ok.Value?.Model.Version),
            ProblemHttpResult problem => (Outcome(problem), null),
            _ => ("unknown", null),
        };
        telemetry.RecordRequest(activity, HealthRoute, outcome, version, Stopwatch.GetElapsedTime(started));
        return result;
    }

    /// <summary><c>GET /</c> and <c>GET /api/app</c>: the web page, see <see cref="PageEndpoint"/>.</summary>
    public IResult Page(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PageEndpoint.Handle(context, options);
    }

    private static string Outcome(ProblemHttpResult problem) =>
        problem.ProblemDetails.Extensions.TryGetValue("code", out var code) && code is string text ? text : "status_" + problem.StatusCode;
}

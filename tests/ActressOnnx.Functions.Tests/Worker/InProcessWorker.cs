extern alias worker;

using System.Text;
using ActressOnnx.Serving.ModelLifecycle;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using worker::ActressOnnx.Functions;

namespace ActressOnnx.Functions.Tests.Worker;

/// <summary>
/// The isolated worker's own container (built by <see cref="WorkerHost.CreateBuilder"/>, as its Program does), not
/// started, since the Functions host it would connect to cannot run here. Functions are created from it and called
/// with real <see cref="HttpRequest"/>s; their results are written into a real <see cref="HttpResponse"/>.
/// </summary>
public sealed class InProcessWorker : IDisposable
{
    private readonly IHost _host;

    private InProcessWorker(IHost host)
    {
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    /// <summary>Builds the worker with <paramref name="settings"/> and loads the current model, as its refresh service would at start.</summary>
    public static async Task<InProcessWorker> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var builder = WorkerHost.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)));
        var worker = new InProcessWorker(builder.Build());
        await worker.Services.GetRequiredService<ModelLoader>().RefreshAsync(CancellationToken.None);
        return worker;
    }

    /// <summary>Calls the function the case's route names, the way the worker's HTTP trigger would.</summary>
    public async Task<(int Status, string? ContentType, string Body)> InvokeAsync(ServingCase request)
    {
        await using var scope = Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = request.Method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        context.Request.Path = "/api/" + request.Route;
        if (request.ContentType is not null)
        {
            context.Request.ContentType = request.ContentType;
        }

        if (request.Method == "POST")
        {
            context.Request.ContentLength = request.Body.Length;
        }

        context.Request.Body = new MemoryStream(request.Body, writable: false);
        var responseBody = new MemoryStream();
        context.Response.Body = responseBody;

        IResult result = request.Route switch
        {
            "predict" => await ActivatorUtilities.CreateInstance<PredictFunction>(scope.ServiceProvider).RunAsync(context.Request, CancellationToken.None),
            "health" => ActivatorUtilities.CreateInstance<HealthFunction>(scope.ServiceProvider).Run(context.Request),
            "app" => ActivatorUtilities.CreateInstance<AppFunction>(scope.ServiceProvider).Run(context.Request),
            _ => throw new ArgumentException($"No function serves route '{request.Route}'.", nameof(request)),
        };
        await result.ExecuteAsync(context);

        return (context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(responseBody.ToArray()));
    }

    public void Dispose() => _host.Dispose();
}

using ActressOnnx.Serving;
using ActressOnnx.Serving.Host;
using ActressOnnx.Serving.Telemetry;

// The standalone host: the same routes and answers as the Azure Functions worker, for local runs, the demo,
// containers and tests over real HTTP.
var builder = WebApplication.CreateBuilder(args);
builder.ListenOnLoopbackByDefault();
builder.Services.AddServingServices();
builder.Services.AddServingOpenTelemetry(builder.Configuration);

var app = builder.Build();
app.MapServingEndpoints();
await app.RunAsync();

/// <summary>The host's entry point; public so tests can run it in-process with WebApplicationFactory.</summary>
public partial class Program;

using ActressOnnx.Functions;

// The Azure Functions isolated worker: the Functions host starts it and forwards HTTP requests to its functions.
using var host = WorkerHost.CreateBuilder(args).Build();
await host.RunAsync();

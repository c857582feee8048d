using ActressOnnx.Functions;
using ActressOnnx.Functions.Endpoints;
using ActressOnnx.Functions.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.ListenAsCustomHandler();
builder.Services.AddServingServices();

var app = builder.Build();
app.UseServingEndpoints();
await app.RunAsync();

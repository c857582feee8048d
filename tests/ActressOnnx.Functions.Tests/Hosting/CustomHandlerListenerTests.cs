using ActressOnnx.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ActressOnnx.Testing.Net;

namespace ActressOnnx.Functions.Tests.Hosting;

public sealed class CustomHandlerListenerTests
{
    [Fact]
    public async Task ListenAsCustomHandler_WhenHostPortSet_ListensThereEvenIfUrlsGiven()
    {
        var port = LoopbackPort.Free();
        await using var app = Build($"--{CustomHandlerListener.PortVariable}={port}", "--urls", "http://127.0.0.1:1");

        await app.StartAsync();

        Assert.Equal("ok", await GetAsync(port));
        Assert.Contains(Addresses(app), a => a.EndsWith($":{port}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListenAsCustomHandler_WhenOnlyUrlsGiven_HonoursThem()
    {
        var port = LoopbackPort.Free();
        await using var app = Build("--urls", $"http://127.0.0.1:{port}");

        await app.StartAsync();

        Assert.Equal("ok", await GetAsync(port));
        Assert.Equal([$"http://127.0.0.1:{port}"], Addresses(app));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("70000")]
    public void ListenAsCustomHandler_WhenHostPortInvalid_ThrowsNamingTheVariable(string value)
    {
        var builder = WebApplication.CreateBuilder([$"--{CustomHandlerListener.PortVariable}={value}"]);

        var ex = Assert.Throws<InvalidOperationException>(() => builder.ListenAsCustomHandler());

        Assert.Contains(CustomHandlerListener.PortVariable, ex.Message, StringComparison.Ordinal);
    }

    private static WebApplication Build(params string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.ClearProviders(); // Keeps the test output to the test results.
        builder.ListenAsCustomHandler();
        var app = builder.Build();
        app.MapGet("/", () => "ok");
        return app;
    }

    private static string[] Addresses(WebApplication app) =>
        [.. app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses];

    private static async Task<string> GetAsync(int port)
    {
        using var client = new HttpClient();
        return await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"));
    }

}

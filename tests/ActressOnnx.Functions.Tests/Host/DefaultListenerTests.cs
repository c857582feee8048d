extern alias host;

using host::ActressOnnx.Serving.Host;
using ActressOnnx.Testing.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActressOnnx.Functions.Tests.Host;

public sealed class DefaultListenerTests
{
    [Fact]
    public async Task ListenOnLoopbackByDefault_WhenUrlsGiven_HonoursThem()
    {
        var port = LoopbackPort.Free();
        await using var app = Build("--urls", $"http://127.0.0.1:{port}");

        await app.StartAsync();

        Assert.Equal("ok", await GetAsync(port));
        Assert.Equal([$"http://127.0.0.1:{port}"], Addresses(app));
    }

    [Fact]
    public async Task ListenOnLoopbackByDefault_WhenHttpPortsGivenAsContainersDo_HonoursThem()
    {
        var port = LoopbackPort.Free();
        await using var app = Build($"--http_ports={port}");

        await app.StartAsync();

        Assert.Equal("ok", await GetAsync(port));
        Assert.DoesNotContain(Addresses(app), a => a.EndsWith($":{DefaultListener.DefaultPort}", StringComparison.Ordinal));
    }

    private static WebApplication Build(params string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.ClearProviders(); // Keeps the test output to the test results.
        builder.ListenOnLoopbackByDefault();
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

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActressOnnx.Train.Clean;

/// <summary>Hosts the cleaner page with Kestrel on the configured address.</summary>
internal static class CleanServer
{
    /// <summary>Starts the server; returns it and the page's URL, with this run's token.</summary>
    public static async Task<(WebApplication App, Uri Url)> StartAsync(CleanSession session, CleanServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(address, options.Port));
        builder.Services.AddCleanerServices(session, options);
        var app = builder.Build();
        app.UseHostFiltering();
        app.Use((context, next) => CleanAccess.InvokeAsync(context, next, options.Token));
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapCleanerEndpoints();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new CleanSetupException($"Cannot listen on {options.Host}:{options.Port} ({ex.Message}). Pass another --port, or 0 for any free one.", ex);
        }

        var bound = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var host = options.Host == "localhost" ? "127.0.0.1" : options.Host;
        var url = new UriBuilder(bound) { Host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : host, Query = $"{CleanAccess.QueryName}={options.Token}" }.Uri;
        return (app, url);
    }
}

using System.Net;

namespace ActressOnnx.Serving.Host;

/// <summary>Where the standalone host listens when nothing says otherwise.</summary>
public static class DefaultListener
{
    /// <summary>The port used without <c>--urls</c>, <c>ASPNETCORE_URLS</c> or <c>ASPNETCORE_HTTP_PORTS</c> (the Functions host's local port).</summary>
    public const int DefaultPort = 7071;

    /// <summary>
    /// Honours <c>--urls</c>/<c>ASPNETCORE_URLS</c> and <c>ASPNETCORE_HTTP_PORTS</c> (what container images set);
    /// without them listens on 127.0.0.1:7071 only, so a local run is not exposed to the network.
    /// </summary>
    public static WebApplicationBuilder ListenOnLoopbackByDefault(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = new[] { WebHostDefaults.ServerUrlsKey, WebHostDefaults.HttpPortsKey, WebHostDefaults.HttpsPortsKey }
            .Any(key => !string.IsNullOrWhiteSpace(builder.Configuration[key]));
        if (!configured)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, DefaultPort));
        }

        return builder;
    }
}

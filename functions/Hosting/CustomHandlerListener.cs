using System.Globalization;
using System.Net;

namespace ActressOnnx.Functions.Hosting;

/// <summary>Where the app listens as an Azure Functions custom handler.</summary>
public static class CustomHandlerListener
{
    /// <summary>The variable the Functions host sets to the port it forwards requests to.</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>The port used when run on its own without <c>--urls</c>/<c>ASPNETCORE_URLS</c>, like <c>func start</c>.</summary>
    public const int DefaultPort = 7071;

    /// <summary>
    /// Listens on all interfaces at <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> when the Functions host set it (it wins, since
    /// the host forwards there); otherwise honours <c>--urls</c>/<c>ASPNETCORE_URLS</c>, else 127.0.0.1:7071.
    /// </summary>
    public static WebApplicationBuilder ListenAsCustomHandler(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var hostPort = builder.Configuration[PortVariable];
        if (!string.IsNullOrWhiteSpace(hostPort))
        {
            if (!int.TryParse(hostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new InvalidOperationException($"{PortVariable} is '{hostPort}', not a TCP port number (1-65535).");
            }

            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(port));
        }
        else if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, DefaultPort));
        }

        return builder;
    }
}

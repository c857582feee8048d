using System.Net;

namespace ActressOnnx.Train.Clean;

/// <summary>Where the cleaner page listens. Loopback only unless <see cref="Host"/> names another address.</summary>
internal sealed record CleanServerOptions
{
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0 lets the system pick a free port.</summary>
    public int Port { get; init; }

    /// <summary>The secret every request must carry (see <see cref="CleanAccess"/>); a new one per run by default.</summary>
    public string Token { get; init; } = CleanAccess.NewToken();

    public bool IsLoopback => IPAddress.TryParse(Host, out var address) ? IPAddress.IsLoopback(address) : Host == "localhost";

    /// <exception cref="CleanSetupException">The host is not an IP address (or localhost), or the port is out of range.</exception>
    public IPAddress Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new CleanSetupException($"--port must be between 0 (any free port) and 65535, got {Port}.");
        }

        if (Host == "localhost")
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(Host, out var address)
            ? address
            : throw new CleanSetupException($"--host must be an IP address to listen on (127.0.0.1, 0.0.0.0, or this machine's address), got '{Host}'.");
    }
}

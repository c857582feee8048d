using System.Net;
using System.Net.Sockets;

namespace ActressOnnx.Functions.Tests.ModelLifecycle;

/// <summary>
/// A TCP proxy on a free loopback port in front of a real server (Azurite), which can be switched off: while off,
/// every connection is reset at once, as an unreachable storage account would. Lets tests cut storage away from a
/// running service and bring it back.
/// </summary>
internal sealed class SwitchableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Socket, byte> _open = new();
    private volatile bool _up;

    public SwitchableTcpProxy(int targetPort, bool up)
    {
        _targetPort = targetPort;
        _up = up;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Whether connections are forwarded (true) or reset (false). Switching off also cuts the open ones.</summary>
    public bool Up
    {
        get => _up;
        set
        {
            _up = value;
            if (!value)
            {
                foreach (var socket in _open.Keys)
                {
                    socket.Dispose();
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (!_up)
            {
                client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        using (client)
        using (var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            _open[client] = 0;
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                await using var clientStream = new NetworkStream(client, ownsSocket: false);
                await using var serverStream = new NetworkStream(server, ownsSocket: false);
                var up = clientStream.CopyToAsync(serverStream, _stop.Token);
                var down = serverStream.CopyToAsync(clientStream, _stop.Token);
                await Task.WhenAny(up, down);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A connection ending, either side: nothing to do.
            }
            finally
            {
                _open.TryRemove(client, out _);
            }
        }
    }
}

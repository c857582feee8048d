using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActressOnnx.Train.Tests.Gather;

/// <summary>
/// An image host on a raw loopback socket that breaks HTTP the ways real hosts do, which a well-behaved server
/// (Kestrel) cannot be made to: the path picks the fault. Each response starts as a 200 with part of a real JPEG.
/// </summary>
internal sealed class BrokenImageHost : IAsyncDisposable
{
    /// <summary>Declares the whole JPEG, sends a part, then resets the connection (RST).</summary>
    public const string ResetMidBody = "reset-mid-body.jpg";

    /// <summary>Resets the connection before answering.</summary>
    public const string ResetBeforeHeaders = "reset-before-headers.jpg";

    /// <summary>Declares a Content-Length larger than what it sends, then closes the connection cleanly (FIN).</summary>
    public const string EarlyClose = "early-close.jpg";

    /// <summary>Closes early (as <see cref="EarlyClose"/>) on the first request, then sends the whole image.</summary>
    public const string EarlyCloseOnce = "early-close-once.jpg";

    /// <summary>Chunked encoding with a chunk-size line that is not hexadecimal.</summary>
    public const string BadChunk = "bad-chunk.jpg";

    /// <summary>Sends the headers and part of the body, then nothing more.</summary>
    public const string Stall = "stall.jpg";

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly byte[] _jpeg;
    private readonly Task _accepting;
    private int _tlsAttempts;

    private BrokenImageHost(byte[] jpeg)
    {
        _jpeg = jpeg;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Connections whose first bytes were a TLS handshake (answered with plain text, so the handshake fails).</summary>
    public int TlsAttempts => _tlsAttempts;

    /// <summary>Requests received per path (TLS attempts not included).</summary>
    public ConcurrentDictionary<string, int> Requests { get; } = new(StringComparer.Ordinal);

    /// <param name="jpeg">A real JPEG; each fault sends its first part.</param>
    public static BrokenImageHost Start(byte[] jpeg) => new(jpeg);

    /// <summary>An http URL for one of the faults.</summary>
    public string Url(string fault) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/{fault}");

    /// <summary>An https URL to this plain-text host: every TLS handshake fails.</summary>
    public string TlsUrl => string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{Port}/tls.jpg");

    public int RequestCount(string fault) => Requests.GetValueOrDefault(fault);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await Task.WhenAll([_accepting, .. _connections]).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stopping.Token);
                _connections.Add(ServeAsync(socket));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            var request = await ReadRequestAsync(socket);
            if (request is null)
            {
                return;
            }

            if (request[0] == 0x16)
            {
                // A TLS ClientHello: answer in plain HTTP, which no TLS client accepts.
                Interlocked.Increment(ref _tlsAttempts);
                await SendAsync(socket, "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
                return;
            }

            var fault = Encoding.ASCII.GetString(request).Split(' ', 3)[1].TrimStart('/');
            var count = Requests.AddOrUpdate(fault, 1, (_, n) => n + 1);
            var part = _jpeg.AsMemory(0, _jpeg.Length / 3);
            var lengthHeaders = string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: {_jpeg.Length}\r\n\r\n");
            switch (fault)
            {
                case ResetBeforeHeaders:
                    Reset(socket);
                    return;
                case ResetMidBody:
                    await SendAsync(socket, lengthHeaders);
                    await socket.SendAsync(part, _stopping.Token);
                    await Task.Delay(200, _stopping.Token);
                    Reset(socket);
                    return;
                case EarlyCloseOnce when count > 1:
                    await SendAsync(socket, lengthHeaders);
                    await socket.SendAsync(_jpeg, _stopping.Token);
                    socket.Shutdown(SocketShutdown.Send);
                    return;
                case EarlyClose or EarlyCloseOnce:
                    await SendAsync(socket, lengthHeaders);
                    await socket.SendAsync(part, _stopping.Token);
                    socket.Shutdown(SocketShutdown.Send);
                    return;
                case BadChunk:
                    await SendAsync(socket, "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\r\n");
                    await SendAsync(socket, string.Create(CultureInfo.InvariantCulture, $"{part.Length:x}\r\n"));
                    await socket.SendAsync(part, _stopping.Token);
                    await SendAsync(socket, "\r\nzz-not-a-size\r\n");
                    return;
                case Stall:
                    await SendAsync(socket, lengthHeaders);
                    await socket.SendAsync(part, _stopping.Token);
                    await WaitForCloseAsync(socket);
                    return;
                default:
                    await SendAsync(socket, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                    return;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client gave up, or the host is stopping.
        }
        finally
        {
            socket.Dispose();
        }
    }

    /// <summary>Reads up to the end of the request headers (or the first bytes of a TLS handshake); null when the client left.</summary>
    private async Task<byte[]?> ReadRequestAsync(Socket socket)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, _stopping.Token);
            if (read == 0)
            {
                return null;
            }

            received.AddRange(buffer.AsSpan(0, read));
            if (received[0] == 0x16 || Encoding.ASCII.GetString([.. received]).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                return [.. received];
            }
        }
    }

    private async Task WaitForCloseAsync(Socket socket)
    {
        var buffer = new byte[256];
        while (await socket.ReceiveAsync(buffer, _stopping.Token) > 0)
        {
        }
    }

    private async Task SendAsync(Socket socket, string text) => await socket.SendAsync(Encoding.ASCII.GetBytes(text), _stopping.Token);

    /// <summary>Closes with an RST rather than a FIN, as a crashed or overloaded host does.</summary>
    private static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }
}

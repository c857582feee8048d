using System.Buffers;

namespace ActressOnnx.Serving.Endpoints;

/// <summary>Request bytes in a rented buffer; dispose to give the buffer back.</summary>
internal sealed class PooledBody : IDisposable
{
    private byte[]? _buffer;

    public PooledBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBody))).AsSpan(0, Length);

    /// <summary>The bytes, for consumers that outlive a synchronous call (valid until disposed).</summary>
    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBody))).AsMemory(0, Length);

    /// <summary>
    /// Reads <paramref name="stream"/> to its end into a rented buffer, or returns null as soon as it holds more
    /// than <paramref name="limit"/> bytes: nothing past the limit is read. With <paramref name="expectedLength"/>
    /// (Content-Length) the buffer is rented at that size once, so the body is copied exactly once, from the socket
    /// into the buffer the decoder reads; without it the buffer doubles as it fills.
    /// </summary>
    public static async Task<PooledBody?> ReadAsync(Stream stream, long limit, long? expectedLength, CancellationToken cancellationToken)
    {
        var cap = (int)Math.Min(limit, Array.MaxLength - 1);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(expectedLength ?? 81_920, 1, cap) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, cap + 1) - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    var body = new PooledBody(buffer, length);
                    buffer = null;
                    return body;
                }

                length += read;
                if (length > cap)
                {
                    return null;
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Polly.Timeout;

namespace ActressOnnx.Train.Gather;

/// <summary>
/// Downloads one image URL with the resilient images client: http/https only (redirects too), at most
/// <see cref="MaxBytes"/> bytes (reading stops past the limit), the body read under the request timeout.
/// The client's pipeline retries failures up to the response headers; a body that breaks off afterwards
/// (reset, early close, bad chunked encoding, a stall) is retried here with the same backoff.
/// Every failure becomes a <see cref="DownloadResult"/> with a reason; only cancellation by the caller throws.
/// </summary>
internal sealed class ImageDownloadClient
{
    private readonly HttpClient _httpClient;
    private readonly GatherHttpOptions _options;
    private readonly Action<RetryNotice>? _onRetry;

    /// <param name="httpClient">The images client from <see cref="GatherHttpClients"/>.</param>
    /// <param name="maxBytes">The largest body kept, in bytes (decompressed).</param>
    /// <param name="options">Timeout (also for reading the body), retries, backoff and redirects.</param>
    /// <param name="onRetry">Told before a download is tried again because its body broke off.</param>
    public ImageDownloadClient(HttpClient httpClient, long maxBytes, GatherHttpOptions options, Action<RetryNotice>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _httpClient = httpClient;
        MaxBytes = maxBytes > 0 ? maxBytes : throw new ArgumentOutOfRangeException(nameof(maxBytes), "The size limit must be positive.");
        _options = options;
        _onRetry = onRetry;
    }

    public long MaxBytes { get; }

    public async Task<DownloadResult> DownloadAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return DownloadResult.Failure("not an http or https URL");
        }

        for (var attempt = 0; ; attempt++)
        {
            var (result, transient) = await DownloadOnceAsync(uri, cancellationToken).ConfigureAwait(false);
            if (!transient || attempt >= _options.MaxRetries)
            {
                return result;
            }

            var delay = Backoff(attempt);
            _onRetry?.Invoke(new RetryNotice(url, attempt, delay, result.FailureReason!));
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <returns>The outcome, and whether it is a broken body worth another attempt.</returns>
    private async Task<(DownloadResult Result, bool Transient)> DownloadOnceAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    // Followed here rather than by the handler, which would also try ftp:, file: and others.
                    var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
                    if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
                    {
                        return (DownloadResult.Failure($"redirect to a '{next.Scheme}' URL not followed (only http and https are)"), false);
                    }

                    if (redirects >= _options.MaxRedirects)
                    {
                        return (DownloadResult.Failure(string.Create(CultureInfo.InvariantCulture, $"more than {_options.MaxRedirects} redirects")), false);
                    }

                    uri = next;
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    return (DownloadResult.Failure(string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}").TrimEnd()), false);
                }

                if (response.Content.Headers.ContentLength > MaxBytes)
                {
                    return (DownloadResult.Failure(TooLarge()), false);
                }

                return await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (HttpRequestException ex)
        {
            // Already retried by the client's pipeline.
            return (DownloadResult.Failure("connection failed: " + Describe(ex)), false);
        }
        catch (TimeoutRejectedException)
        {
            return (DownloadResult.Failure("timed out waiting for the server"), false);
        }
    }

    private async Task<(DownloadResult Result, bool Transient)> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var declared = response.Content.Headers.ContentLength;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        using var body = new MemoryStream((int)Math.Min(declared ?? 64 * 1024, MaxBytes));
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false)) > 0)
                {
                    if (body.Length + read > MaxBytes)
                    {
                        return (DownloadResult.Failure(TooLarge()), false);
                    }

                    body.Write(buffer, 0, read);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (DownloadResult.Failure(string.Create(CultureInfo.InvariantCulture,
                $"timed out reading the image: {Progress(body.Length, declared)} in {_options.RequestTimeout.TotalSeconds:0.#} s")), true);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // Only the network is read here (the body goes to memory), so an I/O error is the host's, never our disk's.
            return (DownloadResult.Failure($"{BrokenBody(ex)} after {Progress(body.Length, declared)}"), true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (DownloadResult.Success(body.ToArray()), false);
    }

    private static string BrokenBody(Exception ex)
    {
        var error = ex switch
        {
            HttpIOException io => io.HttpRequestError,
            HttpRequestException request => request.HttpRequestError,
            _ => HttpRequestError.Unknown,
        };
        var socket = FindInner<SocketException>(ex);
        return (error, socket?.SocketErrorCode) switch
        {
            (_, SocketError.ConnectionReset) => "connection reset while reading the body",
            (HttpRequestError.ResponseEnded, _) => "connection closed before the body was complete",
            (HttpRequestError.InvalidResponse, _) => "malformed body (" + ex.Message.TrimEnd('.') + ")",
            _ => "reading the body failed (" + Describe(ex).TrimEnd('.') + ")",
        };
    }

    private static string Progress(long received, long? declared) => declared is { } total
        ? string.Create(CultureInfo.InvariantCulture, $"{received} of {total} bytes")
        : string.Create(CultureInfo.InvariantCulture, $"{received} bytes");

    /// <summary>The message with the innermost cause (a TLS or socket error says more than "could not be established").</summary>
    private static string Describe(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return ReferenceEquals(inner, ex) ? ex.Message : $"{ex.Message} {inner.Message}";
    }

    private static T? FindInner<T>(Exception ex)
        where T : Exception
    {
        for (Exception? current = ex; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }

    private TimeSpan Backoff(int attempt)
    {
        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt);
        var jittered = exponential * (0.8 + (0.4 * Random.Shared.NextDouble()));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, _options.MaxRetryDelay.TotalMilliseconds));
    }

    private string TooLarge() => string.Create(CultureInfo.InvariantCulture, $"larger than the {MaxBytes}-byte limit");

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}

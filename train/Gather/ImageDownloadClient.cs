using System.Buffers;
using System.Globalization;
using System.Net;
using Polly.Timeout;

namespace ActressOnnx.Train.Gather;

/// <summary>
/// Downloads one image URL with the resilient images client: http/https only (redirects too), at most
/// <see cref="MaxBytes"/> bytes (reading stops past the limit), the body read under the request timeout.
/// Every failure becomes a <see cref="DownloadResult"/> with a reason; only cancellation by the caller throws.
/// </summary>
internal sealed class ImageDownloadClient(HttpClient httpClient, long maxBytes, TimeSpan bodyTimeout, int maxRedirects = 5)
{
    public long MaxBytes { get; } = maxBytes > 0 ? maxBytes : throw new ArgumentOutOfRangeException(nameof(maxBytes), "The size limit must be positive.");

    public async Task<DownloadResult> DownloadAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return DownloadResult.Failure("not an http or https URL");
        }

        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    // Followed here rather than by the handler, which would also try ftp:, file: and others.
                    var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
                    if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
                    {
                        return DownloadResult.Failure($"redirect to a '{next.Scheme}' URL not followed (only http and https are)");
                    }

                    if (redirects >= maxRedirects)
                    {
                        return DownloadResult.Failure(string.Create(CultureInfo.InvariantCulture, $"more than {maxRedirects} redirects"));
                    }

                    uri = next;
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    return DownloadResult.Failure(string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}").TrimEnd());
                }

                if (response.Content.Headers.ContentLength > MaxBytes)
                {
                    return DownloadResult.Failure(TooLarge());
                }

                return await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (HttpRequestException ex)
        {
            return DownloadResult.Failure("connection failed: " + ex.Message);
        }
        catch (TimeoutRejectedException)
        {
            return DownloadResult.Failure("timed out waiting for the server");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DownloadResult.Failure("timed out reading the image");
        }
    }

    private async Task<DownloadResult> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bodyTimeout);
        var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var expected = response.Content.Headers.ContentLength ?? 64 * 1024;
            using var body = new MemoryStream((int)Math.Min(expected, MaxBytes));
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false)) > 0)
                {
                    if (body.Length + read > MaxBytes)
                    {
                        return DownloadResult.Failure(TooLarge());
                    }

                    body.Write(buffer, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return DownloadResult.Success(body.ToArray());
        }
    }

    private string TooLarge() => string.Create(CultureInfo.InvariantCulture, $"larger than the {MaxBytes}-byte limit");

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}

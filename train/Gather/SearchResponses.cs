using System.Net;
using System.Text.Json;

namespace ActressOnnx.Train.Gather;

/// <summary>Sends a search request and turns every kind of refusal into an <see cref="ImageSearchException"/> that never contains the key.</summary>
internal static class SearchResponses
{
    /// <summary>Largest search answer read; real pages are well under 1 MB.</summary>
    private const int MaxResponseChars = 16 * 1024 * 1024;

    /// <summary>Sends <paramref name="request"/> and returns the parsed JSON body of a successful answer.</summary>
    /// <param name="client">The resilient search client.</param>
    /// <param name="request">The request, key header included.</param>
    /// <param name="provider">Provider name for messages ("Bing", "Brave").</param>
    /// <param name="keyVariable">The environment variable the key came from, named when the key is rejected.</param>
    /// <param name="readErrorDetail">Extracts the provider's error text from an error body, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<JsonDocument> GetJsonAsync(
        HttpClient client,
        HttpRequestMessage request,
        string provider,
        string keyVariable,
        Func<JsonElement, string?> readErrorDetail,
        CancellationToken cancellationToken)
    {
        var (status, body, _) = await ReadAsync(client, request, provider, cancellationToken).ConfigureAwait(false);

        var json = TryParse(body);
        var detail = json is null ? null : Describe(readErrorDetail(json.RootElement));
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            json?.Dispose();
            throw new ImageSearchException($"{provider} rejected the key in {keyVariable} (HTTP {(int)status}){detail}. Set {keyVariable} to a valid subscription key.");
        }

        if ((int)status is < 200 or > 299)
        {
            json?.Dispose();
            throw new ImageSearchException($"{provider} search failed with HTTP {(int)status}{detail}.");
        }

        if (json is null || json.RootElement.ValueKind != JsonValueKind.Object)
        {
            json?.Dispose();
            throw new ImageSearchException($"{provider} search answered with something that is not a JSON object; check the endpoint.");
        }

        if (detail is not null)
        {
            json.Dispose();
            throw new ImageSearchException($"{provider} search returned an error{detail}.");
        }

        return json;
    }

    /// <summary>
    /// Sends <paramref name="request"/> (for keyless providers, which read the status themselves) and returns the status,
    /// the body and the Retry-After delay when the server sent one. A network failure or an oversized answer throws.
    /// </summary>
    public static async Task<SearchAnswer> ReadAsync(HttpClient client, HttpRequestMessage request, string provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length > MaxResponseChars)
            {
                throw new ImageSearchException($"{provider} search answered with {body.Length} characters, more than a search page can be; check the endpoint.");
            }

            var retryAfter = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - DateTimeOffset.UtcNow,
                _ => (TimeSpan?)null,
            };
            return new SearchAnswer(response.StatusCode, body, retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter);
        }
        catch (HttpRequestException ex)
        {
            throw new ImageSearchException($"{provider} search could not be reached at {request.RequestUri?.GetLeftPart(UriPartial.Authority)}: {ex.Message} Check the network and the endpoint.", ex);
        }
        catch (Polly.Timeout.TimeoutRejectedException ex)
        {
            throw new ImageSearchException($"{provider} search at {request.RequestUri?.GetLeftPart(UriPartial.Authority)} did not answer in time, even after retries.", ex);
        }
    }

    /// <summary>Parses <paramref name="body"/> as JSON, or returns null when it is not JSON.</summary>
    public static JsonDocument? TryParse(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Describe(string? detail) => string.IsNullOrWhiteSpace(detail) ? null : ": " + detail.Trim().TrimEnd('.');

}

using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace ActressOnnx.Train.Gather;

/// <summary>
/// The HTTP clients <c>gather</c> uses, from <see cref="IHttpClientFactory"/> with a resilience pipeline:
/// retries with exponential backoff for 408/429/5xx, timeouts and connection errors, honouring Retry-After,
/// inside a per-attempt timeout. No circuit breaker: downloads go to hundreds of unrelated hosts, and one
/// breaker shared by all of them would stop good hosts because of bad ones.
/// </summary>
internal sealed class GatherHttpClients : IDisposable
{
    private const string SearchClient = "search";
    private const string ImagesClient = "images";

    private readonly ServiceProvider _services;
    private readonly IHttpClientFactory _factory;

    public GatherHttpClients(GatherHttpOptions options, Action<RetryNotice>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var services = new ServiceCollection();
        foreach (var name in new[] { SearchClient, ImagesClient })
        {
            services.AddHttpClient(name, client =>
                {
                    // The pipeline's per-attempt timeout governs; HttpClient's own 100 s default would cut across it.
                    client.Timeout = Timeout.InfiniteTimeSpan;
                    client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
                })
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
                {
                    // ImageDownloadClient follows redirects itself: the handler would follow any scheme it is given.
                    AllowAutoRedirect = false,
                    // Some image hosts gzip everything, asked or not. Size limits count the decompressed bytes,
                    // so a compression bomb stops at the limit like any other oversized download.
                    AutomaticDecompression = DecompressionMethods.All,
                    ConnectTimeout = options.RequestTimeout,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                })
                .AddResilienceHandler(name, pipeline => Configure(pipeline, options, onRetry));
        }

        _services = services.BuildServiceProvider();
        _factory = _services.GetRequiredService<IHttpClientFactory>();
    }

    /// <summary>A client for search APIs.</summary>
    public HttpClient CreateSearchClient() => _factory.CreateClient(SearchClient);

    /// <summary>A client for image downloads.</summary>
    public HttpClient CreateImagesClient() => _factory.CreateClient(ImagesClient);

    public void Dispose() => _services.Dispose();

    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, GatherHttpOptions options, Action<RetryNotice>? onRetry)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.MaxRetryDelay,
            ShouldRetryAfterHeader = true,
        };

        // Polly's MaxDelay caps only computed backoff, not a server's Retry-After: cap that too,
        // so a "Retry-After: 3600" cannot stall a whole gather.
        var retryAfter = retry.DelayGenerator!;
        retry.DelayGenerator = async args =>
        {
            var delay = await retryAfter(args).ConfigureAwait(false);
            return delay > options.MaxRetryDelay ? options.MaxRetryDelay : delay;
        };

        if (options.MaxRetries == 0)
        {
            retry.ShouldHandle = static _ => PredicateResult.False();
        }

        retry.OnRetry = args =>
        {
            if (onRetry is not null)
            {
                var url = args.Context.GetRequestMessage()?.RequestUri?.ToString() ?? "(unknown)";
                var reason = args.Outcome.Result is { } response
                    ? string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}")
                    : args.Outcome.Exception?.GetType().Name ?? "unknown";
                onRetry(new RetryNotice(url, args.AttemptNumber, args.RetryDelay, reason));
            }

            return default;
        };

        pipeline.AddRetry(retry);
        pipeline.AddTimeout(options.RequestTimeout);
    }
}

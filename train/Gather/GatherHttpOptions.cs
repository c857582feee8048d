namespace ActressOnnx.Train.Gather;

/// <summary>Timeouts and retry policy for search requests and image downloads.</summary>
internal sealed class GatherHttpOptions
{
    /// <summary>How long one attempt may take to get response headers, and the body afterwards (default 20 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Retries after the first attempt for 408, 429, 5xx, timeouts and connection errors (default 3).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay; it doubles per retry, with jitter (default 1 s).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts, Retry-After included (default 30 s).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Redirects followed per download (http and https only; followed by <see cref="ImageDownloadClient"/>).</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), "The request timeout must be positive.");
        }

        if (MaxRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), "Retries cannot be negative.");
        }

        if (RetryBaseDelay < TimeSpan.Zero || MaxRetryDelay < RetryBaseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryBaseDelay), "Retry delays cannot be negative, and the maximum cannot be below the base delay.");
        }

        if (MaxRedirects < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRedirects), "Allow at least one redirect.");
        }
    }
}

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

    /// <summary>
    /// The User-Agent of every request; Wikimedia's policy asks for a name, a version and a way to reach the operator
    /// (see <see cref="WithContact"/>).
    /// </summary>
    public string UserAgent { get; set; } = DefaultUserAgent;

    /// <summary>The User-Agent when no contact is given.</summary>
    public const string DefaultUserAgent = "ActressOnnx-gather/1.0";

    /// <summary>The User-Agent naming <paramref name="contact"/> (an e-mail address or a URL), as Wikimedia's User-Agent policy asks.</summary>
    public static string WithContact(string? contact) =>
        string.IsNullOrWhiteSpace(contact) ? DefaultUserAgent : $"{DefaultUserAgent} ({contact.Trim()})";

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

        if (string.IsNullOrWhiteSpace(UserAgent) || UserAgent.Any(char.IsControl))
        {
            throw new ArgumentOutOfRangeException(nameof(UserAgent), "The User-Agent must be one line of text, such as name/1.0 (you@example.org).");
        }

        if (MaxRedirects < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRedirects), "Allow at least one redirect.");
        }
    }
}

using System.Text;

namespace ActressOnnx.Train.Tests.Gather;

/// <summary>One scripted answer of <see cref="FakeImageWeb"/>.</summary>
internal sealed record FakeResponse(int Status, byte[] Body, string ContentType)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Never answers (until the client gives up).</summary>
    public bool Hangs { get; init; }

    /// <summary>Streams bytes without a Content-Length until the client stops reading.</summary>
    public bool Endless { get; init; }

    /// <summary>Sends the body chunked, without a Content-Length header.</summary>
    public bool OmitLength { get; init; }

    public static FakeResponse Image(byte[] bytes, string contentType = "image/jpeg") => new(200, bytes, contentType);

    public static FakeResponse Html(string html) => new(200, Encoding.UTF8.GetBytes(html), "text/html");

    public static FakeResponse Error(int status, string? retryAfter = null) => new(status, Encoding.UTF8.GetBytes("error"), "text/plain")
    {
        Headers = retryAfter is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Retry-After"] = retryAfter },
    };

    public static FakeResponse Redirect(string location) => new(302, [], "text/plain") { Headers = new Dictionary<string, string> { ["Location"] = location } };

    public static FakeResponse Hang() => new(200, [], "image/jpeg") { Hangs = true };

    public static FakeResponse EndlessStream() => new(200, [], "image/jpeg") { Endless = true };
}

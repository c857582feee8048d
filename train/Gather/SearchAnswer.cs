using System.Net;

namespace ActressOnnx.Train.Gather;

/// <summary>A search service's answer: status, body, and the Retry-After delay when the server sent one.</summary>
internal sealed record SearchAnswer(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)
{
    public bool IsSuccess => (int)Status is >= 200 and <= 299;
}

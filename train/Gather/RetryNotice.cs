namespace ActressOnnx.Train.Gather;

/// <summary>A request is about to be retried.</summary>
/// <param name="Url">The request URL (without the key: keys travel in headers).</param>
/// <param name="Attempt">The attempt that failed, from 0.</param>
/// <param name="Delay">How long the pipeline waits before the next attempt (Retry-After when the server sent one).</param>
/// <param name="Reason">The status code or error that caused the retry.</param>
internal sealed record RetryNotice(string Url, int Attempt, TimeSpan Delay, string Reason);

namespace ActressOnnx.Train.Gather;

/// <summary>
/// Spaces requests to one service at least <see cref="Interval"/> apart (start to start), across all callers: the
/// rate limit a client keeps by itself for services that ask for one or refuse bursts.
/// </summary>
internal sealed class RequestPacer
{
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly Lock _lock = new();
    private TimeSpan? _nextSlot;

    public RequestPacer(TimeSpan interval, TimeProvider? time = null)
    {
        Interval = interval >= TimeSpan.Zero ? interval : throw new ArgumentOutOfRangeException(nameof(interval), "The interval between requests cannot be negative.");
        _time = time ?? TimeProvider.System;
        _origin = _time.GetTimestamp();
    }

    public TimeSpan Interval { get; }

    /// <summary>Waits until the next request may start; the slot after it is then <see cref="Interval"/> later.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = _time.GetElapsedTime(_origin);
            var slot = _nextSlot is { } next && next > now ? next : now;
            wait = slot - now;
            _nextSlot = slot + Interval;
        }

        return wait > TimeSpan.Zero ? Task.Delay(wait, _time, cancellationToken) : Task.CompletedTask;
    }
}

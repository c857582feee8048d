namespace ActressOnnx.Train.Tests.Training.Progress;

/// <summary>A clock that moves only when told to, so rates and times left have exact expected values.</summary>
internal sealed class SteppedClock : TimeProvider
{
    private long ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => ticks;

    public void Advance(TimeSpan by) => ticks += by.Ticks;
}

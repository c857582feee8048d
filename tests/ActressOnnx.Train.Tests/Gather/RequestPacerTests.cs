using System.Diagnostics;
using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

public sealed class RequestPacerTests
{
    [Fact]
    public async Task Wait_LetsTheFirstRequestGoAtOnceAndSpacesTheRestByTheInterval()
    {
        var interval = TimeSpan.FromMilliseconds(150);
        var pacer = new RequestPacer(interval);
        var start = Stopwatch.GetTimestamp();

        await pacer.WaitAsync(CancellationToken.None);
        var first = Stopwatch.GetElapsedTime(start);
        var released = new List<TimeSpan>();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            await pacer.WaitAsync(CancellationToken.None);
            lock (released)
            {
                released.Add(Stopwatch.GetElapsedTime(start));
            }
        }));

        // Lower bounds only (a loaded machine releases later, never earlier): concurrent callers get successive slots.
        Assert.True(first < interval, $"the first request waited {first.TotalMilliseconds:0} ms");
        released.Sort();
        for (var i = 0; i < released.Count; i++)
        {
            Assert.True(released[i] >= (interval * (i + 1)) - TimeSpan.FromMilliseconds(5), $"request {i + 2} went at {released[i].TotalMilliseconds:0} ms");
        }
    }

    [Fact]
    public void Create_WithNegativeInterval_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequestPacer(TimeSpan.FromSeconds(-1)));
}

using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

public sealed class PixelBudgetTests
{
    [Fact]
    public async Task Acquire_WhenTheBudgetIsHeld_WaitsUntilPixelsAreReleased()
    {
        var budget = new PixelBudget(100);
        var first = await budget.AcquireAsync(60, CancellationToken.None);

        var second = budget.AcquireAsync(50, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        first.Dispose();
        using var granted = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((50, 60), (granted.Pixels, budget.Peak));
    }

    [Fact]
    public async Task Acquire_WhenALargeRequestWaits_SmallerLaterOnesQueueBehindIt()
    {
        var budget = new PixelBudget(100);
        var held = await budget.AcquireAsync(90, CancellationToken.None);

        var large = budget.AcquireAsync(80, CancellationToken.None).AsTask();
        var small = budget.AcquireAsync(5, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(small.IsCompleted, "a small request must not overtake a waiting large one");

        held.Dispose();
        using var a = await large.WaitAsync(TimeSpan.FromSeconds(10));
        using var b = await small.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(90, budget.Peak);
    }

    [Fact]
    public async Task Acquire_WhenCancelledWhileWaiting_ThrowsAndTakesNothing()
    {
        var budget = new PixelBudget(100);
        var held = await budget.AcquireAsync(100, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = budget.AcquireAsync(10, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();
        using var all = await budget.AcquireAsync(100, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(100, all.Pixels);
    }

    [Fact]
    public async Task Acquire_WhenMoreThanTheCapacity_TakesTheWholeBudget()
    {
        var budget = new PixelBudget(100);

        using var lease = await budget.AcquireAsync(5_000, CancellationToken.None);

        Assert.Equal((100, 100), (lease.Pixels, budget.Peak));
    }

    [Fact]
    public async Task Gather_WithManyLargeImagesInFlight_DecodesWithinTheSharedBudget()
    {
        await using var h = await GatherHarness.StartAsync();
        const int side = 1500;
        h.PixelBudget = new PixelBudget(2 * side * side + 1);
        var images = Enumerable.Range(1, 6).Select(i => GatherImages.Png(i, side, side)).ToList();
        h.Web.SearchResults.AddRange(images.Select((bytes, i) => h.Web.Serve($"big/{i}.png", FakeResponse.Image(bytes, "image/png"))));

        var summary = await h.GatherBingAsync(options: h.Options(concurrency: 6, maxImageBytes: 10_000_000));

        GatherHarness.AssertCounts(summary, found: 6, kept: 6);
        Assert.InRange(h.PixelBudget.Peak, side * side, h.PixelBudget.Capacity);
    }
}

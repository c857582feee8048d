using ActressOnnx.Imaging;
using ActressOnnx.Train.Data;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Tests.Data;

public class BatchPrefetcherTests
{
    private static readonly PreprocessSettings Settings = new(5, 4, ResizeMethod.Squish);

    [Fact]
    public void TryTake_GivesTheSameBatchesAndTensorsAsThePlainLoop()
    {
        var loader = new BatchLoader(MakeImages(11), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], batchSize: 3);
        var plan = loader.Plan(new SeededRandom(7), dropLoneTrailingImage: true);
        var plain = plan.Select(batch =>
        {
            using var scope = NewDisposeScope();
            var (images, targets) = loader.Load(batch, CPU);
            return (Batch: batch, Images: images.data<byte>().ToArray(), Targets: targets.data<long>().ToArray());
        }).ToList();

        var prefetched = new List<(int[] Batch, byte[] Images, long[] Targets)>();
        using (var prefetcher = new BatchPrefetcher(plan, batch => loader.Load(batch, CPU), CancellationToken.None))
        {
            while (true)
            {
                using var scope = NewDisposeScope();
                if (!prefetcher.TryTake(out var batch, out var images, out var targets))
                {
                    break;
                }

                Assert.Equal([batch.Length, Settings.Height, Settings.Width, 3], images.shape);
                prefetched.Add((batch, images.data<byte>().ToArray(), targets.data<long>().ToArray()));
            }
        }

        Assert.Equal(plan.Count, prefetched.Count);
        for (var i = 0; i < plain.Count; i++)
        {
            Assert.Equal(plain[i].Batch, prefetched[i].Batch);
            Assert.Equal(plain[i].Images, prefetched[i].Images);
            Assert.Equal(plain[i].Targets, prefetched[i].Targets);
        }
    }

    [Fact]
    public void TryTake_LoadsTheNextBatchOnAnotherThreadWhileTheCurrentOneIsUsed()
    {
        var loader = new BatchLoader(MakeImages(6), [0, 1, 2, 3, 4, 5], batchSize: 2);
        var trainingThread = Environment.CurrentManagedThreadId;
        var loadThreads = new List<int>();
        using var secondLoadStarted = new ManualResetEventSlim();
        using var prefetcher = new BatchPrefetcher(
            loader.Plan(null, dropLoneTrailingImage: false),
            batch =>
            {
                lock (loadThreads)
                {
                    loadThreads.Add(Environment.CurrentManagedThreadId);
                    if (loadThreads.Count == 2)
                    {
                        secondLoadStarted.Set();
                    }
                }

                return loader.Load(batch, CPU);
            },
            CancellationToken.None);

        using var scope = NewDisposeScope();
        Assert.True(prefetcher.TryTake(out var first, out _, out _));

        // Batch 2 is being loaded before anyone asks for it.
        Assert.True(secondLoadStarted.Wait(TimeSpan.FromSeconds(30)));
        Assert.Equal([0, 1], first);
        Assert.DoesNotContain(trainingThread, loadThreads);
    }

    [Fact]
    public void TryTake_AttachesTheBatchToTheCallersDisposeScope()
    {
        var loader = new BatchLoader(MakeImages(4), [0, 1, 2, 3], batchSize: 2);
        using var prefetcher = new BatchPrefetcher(loader.Plan(null, false), batch => loader.Load(batch, CPU), CancellationToken.None);

        Tensor images;
        Tensor targets;
        using (var scope = NewDisposeScope())
        {
            Assert.True(prefetcher.TryTake(out _, out images, out targets));
            Assert.False(images.IsInvalid);
        }

        Assert.True(images.IsInvalid);
        Assert.True(targets.IsInvalid);
    }

    [Fact]
    public async Task Dispose_WhenCancelledMidEpoch_WaitsForTheLoadInFlightAndDisposesWhatNobodyTook()
    {
        var loader = new BatchLoader(MakeImages(6), [0, 1, 2, 3, 4, 5], batchSize: 2);
        using var release = new ManualResetEventSlim();
        using var secondLoadStarted = new ManualResetEventSlim();
        var loaded = new List<Tensor>();
        var loads = 0;
        using var cancellation = new CancellationTokenSource();
        var prefetcher = new BatchPrefetcher(
            loader.Plan(null, false),
            batch =>
            {
                if (Interlocked.Increment(ref loads) == 2)
                {
                    secondLoadStarted.Set();
                    release.Wait();
                }

                var (images, targets) = loader.Load(batch, CPU);
                lock (loaded)
                {
                    loaded.Add(images);
                    loaded.Add(targets);
                }

                return (images, targets);
            },
            cancellation.Token);

        using (NewDisposeScope())
        {
            Assert.True(prefetcher.TryTake(out _, out _, out _));
        }

        Assert.True(secondLoadStarted.Wait(TimeSpan.FromSeconds(30)));
        cancellation.Cancel();
        Assert.Throws<OperationCanceledException>(() => prefetcher.TryTake(out _, out _, out _));
        Assert.True(prefetcher.IsLoading);

        var disposing = Task.Run(prefetcher.Dispose);
        Assert.NotSame(disposing, await Task.WhenAny(disposing, Task.Delay(200)));
        release.Set();
        await disposing.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(prefetcher.IsLoading);
        Assert.Equal(2, Volatile.Read(ref loads));
        Assert.Equal(4, loaded.Count);
        Assert.All(loaded, tensor => Assert.True(tensor.IsInvalid));
    }

    private static DecodedImages MakeImages(int count)
    {
        var pixels = new byte[count * Settings.PixelBytes];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i * 13) + (i / 7));
        }

        return new DecodedImages(
            ["even", "odd"],
            Settings,
            pixels,
            [.. Enumerable.Range(0, count).Select(i => i % 2)],
            [.. Enumerable.Range(0, count).Select(i => $"{i}.png")],
            []);
    }
}

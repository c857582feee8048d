namespace ActressOnnx.Train.Gather;

/// <summary>
/// A shared allowance of decoded pixels: concurrent decodes together hold at most <see cref="Capacity"/> pixels of
/// buffers, so memory stays bounded however many large images are in flight (a 47 KB PNG can declare 49 megapixels,
/// about 200 MB once decoded). Waiters are served first come, first served, so a large image is never starved by
/// a stream of small ones. A request larger than the capacity waits for the whole budget.
/// </summary>
internal sealed class PixelBudget
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _waiting = new();
    private long _available;

    public PixelBudget(long capacity)
    {
        Capacity = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "The pixel budget must be positive.");
        _available = capacity;
    }

    public long Capacity { get; }

    /// <summary>The most pixels held at once so far.</summary>
    public long Peak { get; private set; }

    /// <summary>Waits until <paramref name="pixels"/> (at most <see cref="Capacity"/>) are free and holds them until the lease is disposed.</summary>
    public async ValueTask<Lease> AcquireAsync(long pixels, CancellationToken cancellationToken)
    {
        var amount = Math.Clamp(pixels, 1, Capacity);
        LinkedListNode<Waiter> node;
        lock (_gate)
        {
            if (_waiting.Count == 0 && _available >= amount)
            {
                Take(amount);
                return new Lease(this, amount);
            }

            node = _waiting.AddLast(new Waiter(amount, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }

        using (cancellationToken.Register(() => Abandon(node, cancellationToken)))
        {
            await node.Value.Ready.Task.ConfigureAwait(false);
        }

        return new Lease(this, amount);
    }

    private void Abandon(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (node.List is null)
            {
                return; // Already granted: the lease is returned and released by the caller.
            }

            _waiting.Remove(node);
            GrantWaiters();
        }

        node.Value.Ready.TrySetCanceled(cancellationToken);
    }

    private void Release(long amount)
    {
        lock (_gate)
        {
            _available += amount;
            GrantWaiters();
        }
    }

    private void GrantWaiters()
    {
        while (_waiting.First is { } first && first.Value.Pixels <= _available)
        {
            _waiting.RemoveFirst();
            Take(first.Value.Pixels);
            first.Value.Ready.TrySetResult();
        }
    }

    private void Take(long amount)
    {
        _available -= amount;
        Peak = Math.Max(Peak, Capacity - _available);
    }

    /// <summary>Pixels held from a <see cref="PixelBudget"/>; disposing gives them back.</summary>
    internal sealed class Lease(PixelBudget budget, long pixels) : IDisposable
    {
        private int _released;

        public long Pixels { get; } = pixels;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                budget.Release(Pixels);
            }
        }
    }

    private sealed record Waiter(long Pixels, TaskCompletionSource Ready);
}

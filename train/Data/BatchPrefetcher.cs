using static TorchSharp.torch;

namespace ActressOnnx.Train.Data;

/// <summary>
/// Hands out one epoch's batches in plan order while loading the next one on a thread-pool thread, so that copying
/// from the decoded cache to the device overlaps the current step. Only loading moves off the training thread:
/// augmentation, which draws from seeded generators, stays where it was, so a seed gives the same batches as a plain
/// loop. At most one load runs at a time.
/// </summary>
/// <remarks>
/// Dispose scopes are per thread: a load runs inside its own scope and detaches the two tensors it returns, so they
/// belong to nobody until <see cref="TryTake"/> attaches them to the caller's current scope (without one, the caller
/// owns them). <see cref="Dispose"/> waits for a load in flight and disposes batches nobody took.
/// </remarks>
internal sealed class BatchPrefetcher : IDisposable
{
    private readonly IReadOnlyList<int[]> batches;
    private readonly Func<int[], (Tensor Images, Tensor Targets)> load;
    private readonly CancellationTokenSource stop;
    private Task<(Tensor Images, Tensor Targets)>? pending;
    private int next;
    private bool disposed;

    /// <param name="batches">The epoch's batches, in the order they are trained on.</param>
    /// <param name="load">Turns a batch into tensors, e.g. <see cref="BatchLoader.Load"/>; called on another thread.</param>
    /// <param name="cancellationToken">Stops loading ahead; <see cref="TryTake"/> then throws.</param>
    public BatchPrefetcher(IReadOnlyList<int[]> batches, Func<int[], (Tensor Images, Tensor Targets)> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(load);
        this.batches = batches;
        this.load = load;
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        StartNext();
    }

    /// <summary>Whether a load is still running (false once the prefetcher is disposed).</summary>
    public bool IsLoading => pending is { IsCompleted: false };

    /// <summary>
    /// The next batch, its tensors now owned by the calling thread's current dispose scope; false after the last one.
    /// Starts loading the batch after it before returning.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public bool TryTake(out int[] batch, out Tensor images, out Tensor targets)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        stop.Token.ThrowIfCancellationRequested();
        if (pending is null)
        {
            (batch, images, targets) = ([], null!, null!);
            return false;
        }

        var loaded = pending.GetAwaiter().GetResult();
        pending = null;
        batch = batches[next - 1];
        (images, targets) = Adopt(loaded);
        StartNext();
        return true;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        stop.Cancel();
        if (pending is not null)
        {
            try
            {
                var (images, targets) = pending.GetAwaiter().GetResult();
                images.Dispose();
                targets.Dispose();
            }
            catch (OperationCanceledException)
            {
                // Cancelled before it started: nothing was loaded.
            }
            catch (Exception)
            {
                // The load failed and nobody will take the batch; the training loop has already stopped.
            }

            pending = null;
        }

        stop.Dispose();
    }

    private void StartNext()
    {
        if (next >= batches.Count)
        {
            return;
        }

        var batch = batches[next++];
        var token = stop.Token;
        pending = Task.Run(
            () =>
            {
                token.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var (images, targets) = load(batch);
                scope.Detach(images, targets);
                return (images, targets);
            },
            token);
    }

    private static (Tensor Images, Tensor Targets) Adopt((Tensor Images, Tensor Targets) loaded)
    {
        var scope = CurrentDisposeScope;
        if (scope is not null)
        {
            scope.Attach(loaded.Images);
            scope.Attach(loaded.Targets);
        }

        return loaded;
    }
}

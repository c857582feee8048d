using Microsoft.Extensions.Options;

namespace ActressOnnx.Serving.ModelLifecycle;

/// <summary>
/// Loads the current model as soon as the host starts, without holding up startup, then checks the pointer every
/// <see cref="ServingOptions.ModelPollInterval"/>: a new publish or a rollback is picked up, and a start during a
/// storage outage recovers by itself once storage answers again.
/// </summary>
/// <remarks>
/// The loop starts in <see cref="StartingAsync"/>, before any hosted service's StartAsync, so the model downloads while
/// the web server starts (it answers 503 <c>loading</c> meanwhile) instead of after it.
/// </remarks>
public sealed class ModelRefreshService(ModelLoader loader, IOptions<ServingOptions> options, TimeProvider clock, ILogger<ModelRefreshService> logger)
    : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // Off the startup path: the host must start (and answer 503) while the model is fetched.
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        // A refresh in flight ends at its next cancellation check; the host's shutdown timeout bounds the wait.
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public void Dispose() => _stopping.Dispose();

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ModelPollInterval, clock);
        try
        {
            do
            {
                await RefreshOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RefreshOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await loader.RefreshAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // A bug in one refresh must not stop the service or later refreshes; the served model stays.
            logger.LogError(ex, "Model refresh failed unexpectedly; the served model is unchanged and the next poll tries again");
        }
    }
}

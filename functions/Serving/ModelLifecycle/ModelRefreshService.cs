using Microsoft.Extensions.Options;

namespace ActressOnnx.Serving.ModelLifecycle;

/// <summary>
/// Loads the current model once the app has started, without holding up startup, then checks the pointer every
/// <see cref="ServingOptions.ModelPollInterval"/>: a new publish or a rollback is picked up, and a start during a
/// storage outage recovers by itself once storage answers again.
/// </summary>
public sealed class ModelRefreshService(ModelLoader loader, IOptions<ServingOptions> options, TimeProvider clock, ILogger<ModelRefreshService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Run the download off the startup path: the host must answer (503) while the model is fetched.
        await Task.Yield();
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

namespace ActressOnnx.Functions.Models;

/// <summary>Loads the current model once the app has started, without holding up startup.</summary>
public sealed class ModelLoadingService(ModelLoader loader) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Run the download off the startup path: the host must answer (503) while the model is fetched.
        await Task.Yield();
        await loader.LoadCurrentAsync(stoppingToken).ConfigureAwait(false);
    }
}

using ActressOnnx.Imaging;
using ActressOnnx.Inference;
using ActressOnnx.Storage;
using Azure;
using Azure.Identity;
using Microsoft.ML.OnnxRuntime;
using Microsoft.Extensions.Options;

namespace ActressOnnx.Functions.Models;

/// <summary>
/// Owns the served model: <see cref="LoadCurrentAsync"/> downloads the current version from Blob Storage, checks its
/// SHA-256, loads it and swaps it in. Failures never throw out of it; they become the <see cref="State"/>'s reason.
/// </summary>
public sealed class ModelLoader : IDisposable
{
    private readonly ModelStorageOptions _storageOptions;
    private readonly ServingOptions _servingOptions;
    private readonly ILogger<ModelLoader> _logger;
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private ServingState _state = ServingState.Loading;
    private ModelRepositoryClient? _client;

    /// <summary>Creates the loader; nothing is fetched until <see cref="LoadCurrentAsync"/>.</summary>
    public ModelLoader(IOptions<ModelStorageOptions> storageOptions, IOptions<ServingOptions> servingOptions, ILogger<ModelLoader> logger)
    {
        ArgumentNullException.ThrowIfNull(storageOptions);
        ArgumentNullException.ThrowIfNull(servingOptions);
        _storageOptions = storageOptions.Value;
        _servingOptions = servingOptions.Value;
        _logger = logger;
    }

    /// <summary>The current state; read it once per request and use that snapshot.</summary>
    public ServingState State => Volatile.Read(ref _state);

    /// <summary>
    /// Makes the current published version the served one. Skips the download when it is already served. When a
    /// model is already served and loading a new one fails, the old one keeps serving.
    /// </summary>
    public async Task<ServingState> LoadCurrentAsync(CancellationToken cancellationToken)
    {
        await _loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var failure = await TryLoadAsync(cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                _logger.LogWarning("No new model loaded ({Code}): {Reason}", failure.Code, failure.Reason);
                if (State.Model is null)
                {
                    Volatile.Write(ref _state, failure);
                }
            }

            return State;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    /// <summary>Unloads the served model.</summary>
    public void Dispose()
    {
        var previous = Interlocked.Exchange(ref _state, ServingState.Unavailable("stopped", "The service is shutting down."));
        previous.Model?.Classifier.Dispose();
        _loadLock.Dispose();
    }

    private async Task<ServingState?> TryLoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Kept across loads so DefaultAzureCredential's token cache survives later reloads.
            var client = _client ??= ModelRepositoryClient.Create(_storageOptions);
            var pointer = await client.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
            if (pointer is null)
            {
                return ServingState.Unavailable("not_published",
                    $"No model named '{client.ModelName}' has been published to {client.ContainerUri}; run 'actressonnx publish --model model.onnx --name {client.ModelName}'.");
            }

            if (State.Model is { } served && served.Published == pointer)
            {
                return null;
            }

            var downloaded = await client.DownloadAsync(pointer, cancellationToken).ConfigureAwait(false);
            var classifier = OnnxClassifier.Load(downloaded.Content, new OnnxClassifierOptions
            {
                IntraOpThreads = _servingOptions.IntraOpThreads,
                MaxConcurrentRuns = _servingOptions.MaxConcurrentInferences,
                ExecutionProvider = _servingOptions.ExecutionProvider,
                Decoder = new ImageDecoderOptions { MaxPixels = _servingOptions.MaxImagePixels },
            });
            if (classifier.ExecutionProviderFallback is { } fallback)
            {
                _logger.LogWarning("{Fallback}", fallback);
            }

            // A session's first run allocates its memory arena and picks kernels: pay that here, not on a client's request.
            try
            {
                classifier.PredictDecoded(new byte[classifier.Preprocess.PixelBytes]);
            }
            catch (OnnxRuntimeException ex)
            {
                classifier.Dispose();
                return ServingState.Unavailable("invalid_model", "The published model loads but cannot run: " + FirstLine(ex.Message));
            }

            var previous = Interlocked.Exchange(ref _state, ServingState.Serving(new LoadedModel(downloaded.ModelName, pointer, classifier)));
            // Predictions still running on the previous model finish first; the classifier waits for them.
            previous.Model?.Classifier.Dispose();
            if (_logger.IsEnabled(LogLevel.Information))
            {
                _logger.LogInformation("Serving model {Name} version {Version} (sha256 {Sha256}, {LabelCount} labels)",
                    downloaded.ModelName, pointer.Version, pointer.Sha256, classifier.Labels.Count);
            }
            return null;
        }
        catch (ModelNotFoundException ex)
        {
            return ServingState.Unavailable("not_published", ex.Message);
        }
        catch (ModelIntegrityException ex)
        {
            return ServingState.Unavailable("integrity_failed", ex.Message);
        }
        catch (ModelStorageException ex)
        {
            return ServingState.Unavailable("not_configured", ex.Message);
        }
        catch (InvalidModelException ex)
        {
            return ServingState.Unavailable("invalid_model", "The published model cannot be loaded: " + ex.Message);
        }
        catch (RequestFailedException ex)
        {
            return ServingState.Unavailable("storage_unavailable",
                $"Blob Storage refused the request ({ex.Status} {ex.ErrorCode}): {FirstLine(ex.Message)} Check the account, container and the identity's 'Storage Blob Data Reader' role.");
        }
        catch (AuthenticationFailedException ex)
        {
            return ServingState.Unavailable("storage_unavailable",
                $"Could not sign in to Blob Storage: {FirstLine(ex.Message)} Check the managed identity (ModelStorage__ManagedIdentityClientId).");
        }
        catch (HttpRequestException ex)
        {
            return ServingState.Unavailable("storage_unavailable", $"Blob Storage is unreachable: {ex.Message}");
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is RequestFailedException or HttpRequestException))
        {
            // Azure.Core reports a request that failed on every retry as an AggregateException of the attempts.
            return ServingState.Unavailable("storage_unavailable", $"Blob Storage is unreachable: {FirstLine(ex.InnerExceptions[^1].Message)}");
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return ServingState.Unavailable("storage_unavailable", $"Blob Storage did not answer in time: {ex.Message}");
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}

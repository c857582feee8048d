using System.Diagnostics;
using ActressOnnx.Imaging;
using ActressOnnx.Inference;
using ActressOnnx.Serving.Telemetry;
using ActressOnnx.Storage;
using Azure;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace ActressOnnx.Serving.ModelLifecycle;

/// <summary>
/// Owns the served model. <see cref="RefreshAsync"/> reads the model's pointer (a conditional GET: an unchanged
/// pointer costs one request), and when it moved downloads the version, checks its SHA-256, loads it, runs it once
/// and only then swaps it in, atomically. A version that fails any of that is refused and logged while the old one
/// keeps serving; failures never throw out of it, they become the <see cref="State"/>'s reason when nothing is served.
/// When nothing is served yet (a start) and the pointer's version is refused, the newest earlier version that passes
/// every check serves instead (see <see cref="ServingOptions.LastKnownGoodTries"/>).
/// </summary>
public sealed partial class ModelLoader : IDisposable
{
    private readonly Lazy<ModelRepositoryClient> _repository;
    private readonly ServingOptions _servingOptions;
    private readonly ServingTelemetry _telemetry;
    private readonly ILogger<ModelLoader> _logger;
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private readonly TimeProvider _clock;
    private ServingState _state = ServingState.Loading;
    private RefreshFailure? _lastFailure;
    private string? _attemptedVersion;
    private string? _publishedVersion;
    private Task? _runtimeWarmUp;

    // The pointer ETag whose outcome is final (served, or refused for good); null: read the pointer in full next time.
    private ETag? _settledETag;

    /// <summary>Creates the loader; nothing is fetched until <see cref="RefreshAsync"/>.</summary>
    /// <param name="repository">Resolved on first use, so a storage misconfiguration becomes the 503 reason instead of a failed start.</param>
    /// <param name="servingOptions">Inference settings for loaded models.</param>
    /// <param name="telemetry">Where refresh events and the served version are reported.</param>
    /// <param name="logger">Logs every swap and every refused version.</param>
    /// <param name="clock">Dates refresh failures; the system clock when null.</param>
    public ModelLoader(Lazy<ModelRepositoryClient> repository, IOptions<ServingOptions> servingOptions, ServingTelemetry telemetry, ILogger<ModelLoader> logger, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(servingOptions);
        ArgumentNullException.ThrowIfNull(telemetry);
        _repository = repository;
        _servingOptions = servingOptions.Value;
        _telemetry = telemetry;
        _logger = logger;
        _telemetry.ObserveServedVersion(() => State.Model?.Published.Version);
    }

    /// <summary>The current state; read it once per request and use that snapshot.</summary>
    public ServingState State => Volatile.Read(ref _state);

    /// <summary>Why the pointer's current version is not the one served, while a model is served; null when it is.</summary>
    public RefreshFailure? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>The version <c>current.json</c> named when last read; null before the first read or when nothing is published.</summary>
    public string? PublishedVersion => Volatile.Read(ref _publishedVersion);

    /// <summary>
    /// Makes the current published version the served one. Costs one conditional request when the pointer is
    /// unchanged. When a model is served and loading a new one fails, the old one keeps serving.
    /// </summary>
    public async Task<ServingState> RefreshAsync(CancellationToken cancellationToken)
    {
        await _loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _attemptedVersion = null;
            var outcome = await TryRefreshAsync(cancellationToken).ConfigureAwait(false);
            _telemetry.RecordRefresh(outcome.Kind);
            if (outcome.Failure is { } failure)
            {
                if (outcome.Kind == RefreshOutcome.Fallback && State.Model is { } lastKnownGood)
                {
                    // The refusal was recorded with the swap (TryLoadAsync), so health never shows the fallback without it.
                    _logger.LogWarning("Published version {Refused} refused ({Code}): {Reason} Serving the last known good version {Version} instead until the pointer moves",
                        _attemptedVersion, failure.Code, failure.Reason, lastKnownGood.Published.Version);
                }
                else if (State.Model is { } served)
                {
                    Volatile.Write(ref _lastFailure, new RefreshFailure(_attemptedVersion, failure.Code, failure.Reason ?? failure.Code, _clock.GetUtcNow()));
                    _logger.LogWarning("Model refresh {Outcome} ({Code}); still serving version {Version}: {Reason}",
                        outcome.Kind, failure.Code, served.Published.Version, failure.Reason);
                }
                else
                {
                    _logger.LogWarning("No model loaded ({Code}): {Reason}", failure.Code, failure.Reason);
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

    private async Task<RefreshOutcome> TryRefreshAsync(CancellationToken cancellationToken)
    {
        ModelRepositoryClient client;
        try
        {
            client = _repository.Value;
        }
        catch (ModelStorageException ex)
        {
            return RefreshOutcome.Failed(RefreshOutcome.Refused, ServingState.Unavailable("not_configured", ex.Message));
        }

        ETag? pointerETag = null;
        try
        {
            var read = await client.GetCurrentIfChangedAsync(_settledETag, cancellationToken).ConfigureAwait(false);
            if (!read.Changed)
            {
                return RefreshOutcome.Unchanged;
            }

            pointerETag = read.ETag;
            Volatile.Write(ref _publishedVersion, read.Current?.Version);
            if (read.Current is not { } pointer)
            {
                _settledETag = null;
                return RefreshOutcome.Failed(RefreshOutcome.NotPublished, ServingState.Unavailable("not_published",
                    $"No model named '{client.ModelName}' has been published to {client.ContainerUri}; run 'actressonnx publish --model model.onnx --name {client.ModelName}'."));
            }

            if (State.Model is { } served && IsSameVersion(served.Published, pointer))
            {
                // Back at the served version (say, after a rollback of a refused one): nothing is wrong any more.
                _settledETag = pointerETag;
                Volatile.Write(ref _lastFailure, null);
                return RefreshOutcome.Unchanged;
            }

            _attemptedVersion = pointer.Version;

            var failure = await TryLoadAsync(client, pointer, null, cancellationToken).ConfigureAwait(false);
            var outcome = failure is null ? RefreshOutcome.Loaded : RefreshOutcome.Failed(RefreshOutcome.Refused, failure);
            if (failure is not null && State.Model is null
                && await TryLastKnownGoodAsync(client, new RefreshFailure(pointer.Version, failure.Code, failure.Reason ?? failure.Code, _clock.GetUtcNow()), cancellationToken).ConfigureAwait(false))
            {
                outcome = RefreshOutcome.Failed(RefreshOutcome.Fallback, failure);
            }

            // What a version is does not change: once served or refused, only a moved pointer is worth a download.
            _settledETag = pointerETag;
            return outcome;
        }
        catch (ModelIntegrityException ex)
        {
            // The pointer itself is unreadable: it is read in full again at the next poll.
            return RefreshOutcome.Failed(RefreshOutcome.Refused, ServingState.Unavailable("integrity_failed", ex.Message));
        }
        catch (Exception ex) when (StorageFailure(ex, cancellationToken) is { } reason)
        {
            // Transient: the same pointer is read in full and tried again at the next poll.
            return RefreshOutcome.Failed(RefreshOutcome.StorageUnavailable, ServingState.Unavailable("storage_unavailable", reason));
        }
    }

    /// <summary>
    /// Downloads, checks, loads and warms up <paramref name="pointer"/>'s version, then swaps it in; returns why not
    /// when the version is at fault. Storage failures throw. <paramref name="refusal"/> becomes <see cref="LastFailure"/>
    /// together with the swap (null: the pointer's own version now serves).
    /// </summary>
    private async Task<ServingState?> TryLoadAsync(ModelRepositoryClient client, ModelPointer pointer, RefreshFailure? refusal, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        // The first load also loads ONNX Runtime and the image codecs, on another thread while the model downloads.
        _runtimeWarmUp ??= Task.Run(InferenceRuntime.WarmUp, CancellationToken.None);
        DownloadedModel downloaded;
        try
        {
            downloaded = await client.DownloadAsync(pointer, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelNotFoundException ex)
        {
            return ServingState.Unavailable("not_published", ex.Message);
        }
        catch (ModelIntegrityException ex)
        {
            return ServingState.Unavailable("integrity_failed", ex.Message);
        }

        await WaitForRuntimeWarmUpAsync().ConfigureAwait(false);

        var downloadedAt = Stopwatch.GetTimestamp();
        OnnxClassifier classifier;
        try
        {
            classifier = OnnxClassifier.Load(downloaded.Content, new OnnxClassifierOptions
            {
                IntraOpThreads = _servingOptions.IntraOpThreads,
                MaxConcurrentRuns = _servingOptions.MaxConcurrentInferences,
                ExecutionProvider = _servingOptions.ExecutionProvider,
                Decoder = new ImageDecoderOptions { MaxPixels = _servingOptions.MaxImagePixels },
            });
        }
        catch (InvalidModelException ex)
        {
            return ServingState.Unavailable("invalid_model", $"Version {pointer.Version} cannot be loaded: {ex.Message}");
        }

        if (classifier.ExecutionProviderFallback is { } fallback)
        {
            _logger.LogWarning("{Fallback}", fallback);
        }

        var loadedAt = Stopwatch.GetTimestamp();
        // A session's first run allocates its memory arena and picks kernels: pay that here, not on a client's request.
        try
        {
            classifier.PredictDecoded(new byte[classifier.Preprocess.PixelBytes]);
        }
        catch (OnnxRuntimeException ex)
        {
            classifier.Dispose();
            return ServingState.Unavailable("invalid_model", $"Version {pointer.Version} loads but cannot run: {FirstLine(ex.Message)}");
        }

        Volatile.Write(ref _lastFailure, refusal);
        var previous = Interlocked.Exchange(ref _state, ServingState.Serving(new LoadedModel(downloaded.ModelName, pointer, classifier)));
        // Predictions still running on the previous model finish first; the classifier waits for them.
        previous.Model?.Classifier.Dispose();
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var now = Stopwatch.GetTimestamp();
            _logger.LogInformation(
                "Serving model {Name} version {Version} (sha256 {Sha256}, {LabelCount} labels; was {Previous}); download and SHA-256 {DownloadMs:F0} ms, session {SessionMs:F0} ms, warm-up {WarmUpMs:F0} ms; {UptimeMs:F0} ms after process start",
                downloaded.ModelName, pointer.Version, pointer.Sha256, classifier.Labels.Count, previous.Model?.Published.Version ?? "none",
                Stopwatch.GetElapsedTime(started, downloadedAt).TotalMilliseconds, Stopwatch.GetElapsedTime(downloadedAt, loadedAt).TotalMilliseconds,
                Stopwatch.GetElapsedTime(loadedAt, now).TotalMilliseconds, SinceProcessStart().TotalMilliseconds);
        }

        return null;
    }

    private static TimeSpan SinceProcessStart()
    {
        using var process = Process.GetCurrentProcess();
        return DateTime.Now - process.StartTime;
    }

    private async Task WaitForRuntimeWarmUpAsync()
    {
        try
        {
            await _runtimeWarmUp!.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Loading the model reports a broken runtime properly; a failed warm-up only costs the first request time.
            _logger.LogWarning(ex, "Warming up ONNX Runtime and the image decoders failed");
        }
    }

    private readonly record struct RefreshOutcome(string Kind, ServingState? Failure)
    {
        public const string Refused = "refused";
        public const string NotPublished = "not_published";
        public const string StorageUnavailable = "storage_unavailable";
        public const string Fallback = "fallback";

        public static RefreshOutcome Unchanged => new("unchanged", null);

        public static RefreshOutcome Loaded => new("loaded", null);

        public static RefreshOutcome Failed(string kind, ServingState failure) => new(kind, failure);
    }
}

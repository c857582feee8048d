using System.Buffers;
using System.Diagnostics;
using ActressOnnx.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace ActressOnnx.Inference;

/// <summary>
/// An image classifier backed by one ONNX Runtime session. The model file is all it needs: labels and preprocessing
/// come from its metadata. Thread-safe: any number of threads may predict at once, and <see cref="Dispose"/> waits
/// for predictions in flight to finish before it releases the session.
/// </summary>
public sealed class OnnxClassifier : IDisposable
{
    /// <summary>Name of the model input: uint8 [N, H, W, 3] RGB pixels.</summary>
    public const string InputName = ModelFileContract.InputName;

    /// <summary>Name of the model output: float [N, C] softmax probabilities.</summary>
    public const string OutputName = ModelFileContract.OutputName;

    private static readonly string[] InputNames = [InputName];
    private static readonly string[] OutputNames = [OutputName];

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly ImageDecoder _decoder;
    private readonly InferenceBufferPool _pool;
    private readonly SemaphoreSlim? _runGate;
    private int _activeCalls;
    private int _disposeRequested;
    private int _released;

    private OnnxClassifier(InferenceSession session, OnnxClassifierOptions options, ExecutionProvider provider, string? fallback)
    {
        ExecutionProvider = provider;
        ExecutionProviderFallback = fallback;
        _session = session;
        _runGate = options.MaxConcurrentRuns > 0 ? new SemaphoreSlim(options.MaxConcurrentRuns, options.MaxConcurrentRuns) : null;
        _decoder = new ImageDecoder(options.Decoder);
        try
        {
            Metadata = ClassifierMetadata.Parse(session.ModelMetadata.CustomMetadataMap);
            ModelSignature.Validate(session, Metadata);
            _pool = new InferenceBufferPool(Metadata.Preprocess.Height, Metadata.Preprocess.Width, Metadata.Labels.Count, options.MaxPooledBuffers);
        }
        catch
        {
            _runOptions.Dispose();
            _runGate?.Dispose();
            throw;
        }
    }

    /// <summary>Where the model actually runs.</summary>
    public ExecutionProvider ExecutionProvider { get; }

    /// <summary>Why the requested provider could not be used and the CPU runs the model instead; null when it was used.</summary>
    public string? ExecutionProviderFallback { get; }

    /// <summary>Labels, preprocessing and training facts read from the model's metadata.</summary>
    public ClassifierMetadata Metadata { get; }

    /// <summary>Class labels in output order.</summary>
    public IReadOnlyList<string> Labels => Metadata.Labels;

    /// <summary>How images are decoded and resized for this model.</summary>
    public PreprocessSettings Preprocess => Metadata.Preprocess;

    /// <summary>Loads a model from a file.</summary>
    /// <exception cref="InvalidModelException">The file is not a usable classifier; the message says why.</exception>
    public static OnnxClassifier Load(string modelPath, OnnxClassifierOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"Model file '{modelPath}' does not exist; pass the path of an exported .onnx file.", modelPath);
        }

        return Create(sessionOptions => new InferenceSession(modelPath, sessionOptions), $"'{modelPath}'", options);
    }

    /// <summary>Loads a model from its bytes.</summary>
    /// <exception cref="InvalidModelException">The bytes are not a usable classifier; the message says why.</exception>
    public static OnnxClassifier Load(byte[] model, OnnxClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Length == 0)
        {
            throw new InvalidModelException("The model is empty (0 bytes).");
        }

        return Create(sessionOptions => new InferenceSession(model, sessionOptions), "the model bytes", options);
    }

    /// <summary>Decodes an encoded image (JPEG, PNG, ...) with the model's preprocessing and classifies it.</summary>
    /// <exception cref="ImageDecodeException">The bytes are not a decodable image.</exception>
    public Prediction Predict(ReadOnlySpan<byte> imageBytes) => PredictSingle(imageBytes, decode: true);

    /// <summary>
    /// Like <see cref="Predict"/>, but waits for a free inference slot (<see cref="OnnxClassifierOptions.MaxConcurrentRuns"/>)
    /// without blocking a thread: the image is decoded at once, concurrently with other requests, and only the
    /// session run is queued.
    /// </summary>
    /// <exception cref="ImageDecodeException">The bytes are not a decodable image.</exception>
    public async ValueTask<Prediction> PredictAsync(ReadOnlyMemory<byte> imageBytes, CancellationToken cancellationToken)
    {
        Enter();
        InferenceBuffers? buffers = null;
        try
        {
            buffers = _pool.Rent();
            var started = Stopwatch.GetTimestamp();
            _decoder.Decode(imageBytes.Span, Preprocess, buffers.Pixels);
            var decoded = Stopwatch.GetTimestamp();
            if (_runGate is not null)
            {
                await _runGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            var runStarted = RunHoldingSlot(buffers.Inputs, buffers.Outputs);
            InferenceMetrics.Record(started, decoded, runStarted, Stopwatch.GetTimestamp(), decode: true);
            return Prediction.FromProbabilities(Labels, buffers.Probabilities);
        }
        finally
        {
            if (buffers is not null)
            {
                _pool.Return(buffers);
            }

            Exit();
        }
    }

    /// <summary>
    /// Classifies images that are already decoded: <paramref name="pixels"/> holds N images of
    /// <see cref="PreprocessSettings.PixelBytes"/> bytes each (HWC RGB), back to back; one session run covers all N.
    /// </summary>
    public IReadOnlyList<Prediction> PredictDecoded(ReadOnlySpan<byte> pixels)
    {
        var imageBytes = Preprocess.PixelBytes;
        if (pixels.IsEmpty || pixels.Length % imageBytes != 0)
        {
            throw new ArgumentException(
                $"Expected a whole number of decoded {Preprocess.Width}x{Preprocess.Height} RGB images ({imageBytes} bytes each), got {pixels.Length} bytes.",
                nameof(pixels));
        }

        if (pixels.Length == imageBytes)
        {
            return [PredictSingle(pixels, decode: false)];
        }

        var count = pixels.Length / imageBytes;
        var classCount = Labels.Count;
        var input = ArrayPool<byte>.Shared.Rent(pixels.Length);
        var output = ArrayPool<float>.Shared.Rent(count * classCount);
        Enter();
        try
        {
            pixels.CopyTo(input);
            using var inputValue = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, input.AsMemory(0, pixels.Length), [count, Preprocess.Height, Preprocess.Width, 3]);
            using var outputValue = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, output.AsMemory(0, count * classCount), [count, classCount]);
            RunGated([inputValue], [outputValue]);

            var predictions = new Prediction[count];
            for (var i = 0; i < count; i++)
            {
                predictions[i] = Prediction.FromProbabilities(Labels, output.AsSpan(i * classCount, classCount));
            }

            return predictions;
        }
        finally
        {
            Exit();
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<float>.Shared.Return(output);
        }
    }

    /// <summary>Classifies several decoded images (each <see cref="PreprocessSettings.PixelBytes"/> bytes) in one session run.</summary>
    public IReadOnlyList<Prediction> PredictDecoded(IReadOnlyList<ReadOnlyMemory<byte>> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var imageBytes = Preprocess.PixelBytes;
        var joined = ArrayPool<byte>.Shared.Rent(checked(images.Count * imageBytes));
        try
        {
            for (var i = 0; i < images.Count; i++)
            {
                if (images[i].Length != imageBytes)
                {
                    throw new ArgumentException($"Image {i} has {images[i].Length} bytes; decoded {Preprocess.Width}x{Preprocess.Height} RGB images have {imageBytes}.", nameof(images));
                }

                images[i].Span.CopyTo(joined.AsSpan(i * imageBytes));
            }

            return PredictDecoded(joined.AsSpan(0, images.Count * imageBytes));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    /// <summary>Releases the session once no prediction is running; predictions started afterwards throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposeRequested, 1) == 0 && Volatile.Read(ref _activeCalls) == 0)
        {
            Release();
        }
    }

    private static OnnxClassifier Create(Func<SessionOptions, InferenceSession> open, string source, OnnxClassifierOptions? options)
    {
        options ??= new OnnxClassifierOptions();
        using var sessionOptions = ClassifierSessionOptions.Create(options);
        var (provider, fallback) = ClassifierSessionOptions.AddExecutionProvider(sessionOptions, options);
        InferenceSession session;
        try
        {
            session = open(sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidModelException($"ONNX Runtime cannot load {source}: {ex.Message}", innerException: ex);
        }

        try
        {
            return new OnnxClassifier(session, options, provider, fallback);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private Prediction PredictSingle(ReadOnlySpan<byte> data, bool decode)
    {
        Enter();
        InferenceBuffers? buffers = null;
        try
        {
            buffers = _pool.Rent();
            var started = Stopwatch.GetTimestamp();
            if (decode)
            {
                _decoder.Decode(data, Preprocess, buffers.Pixels);
            }
            else
            {
                data.CopyTo(buffers.Pixels);
            }

            var decoded = Stopwatch.GetTimestamp();
            var runStarted = RunGated(buffers.Inputs, buffers.Outputs);
            InferenceMetrics.Record(started, decoded, runStarted, Stopwatch.GetTimestamp(), decode);
            return Prediction.FromProbabilities(Labels, buffers.Probabilities);
        }
        finally
        {
            if (buffers is not null)
            {
                _pool.Return(buffers);
            }

            Exit();
        }
    }

    /// <summary>Runs the session once the gate lets it; returns the <see cref="Stopwatch"/> timestamp the run began (after any wait).</summary>
    private long RunGated(IReadOnlyCollection<OrtValue> inputs, IReadOnlyCollection<OrtValue> outputs)
    {
        _runGate?.Wait();
        return RunHoldingSlot(inputs, outputs);
    }

    /// <summary>Runs the session in a slot of the gate already taken (when there is a gate), then gives the slot back; returns when the run began.</summary>
    private long RunHoldingSlot(IReadOnlyCollection<OrtValue> inputs, IReadOnlyCollection<OrtValue> outputs)
    {
        try
        {
            var runStarted = Stopwatch.GetTimestamp();
            _session.Run(_runOptions, InputNames, inputs, OutputNames, outputs);
            return runStarted;
        }
        finally
        {
            _runGate?.Release();
        }
    }

    private void Enter()
    {
        Interlocked.Increment(ref _activeCalls);
        if (Volatile.Read(ref _disposeRequested) != 0)
        {
            Exit();
            throw new ObjectDisposedException(nameof(OnnxClassifier), "This model has been unloaded; fetch the current one and retry.");
        }
    }

    private void Exit()
    {
        if (Interlocked.Decrement(ref _activeCalls) == 0 && Volatile.Read(ref _disposeRequested) != 0)
        {
            Release();
        }
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        _pool.Dispose();
        _runOptions.Dispose();
        _runGate?.Dispose();
        _session.Dispose();
    }
}

namespace ActressOnnx.Serving;

/// <summary>Limits and tuning of the prediction service: configuration section <see cref="SectionName"/>.</summary>
public sealed class ServingOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Serving";

    /// <summary>
    /// Largest request body accepted by <c>POST /api/predict</c>, in bytes (default 32 MiB, enough for a phone camera's
    /// full-size JPEG; Azure Functions itself allows 100 MB); larger ones get 413. <see cref="MaxImagePixels"/> keeps bombs out.
    /// </summary>
    public long MaxRequestBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Images whose header declares more pixels than this get 413 before any decoding (default 50 megapixels).</summary>
    public long MaxImagePixels { get; set; } = 50_000_000;

    /// <summary>ONNX Runtime intra-op threads per prediction; 0 lets it choose (one per physical core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// How many model runs execute at once (default 1); other requests decode their image meanwhile and queue for
    /// the model. 0 removes the limit. See the README's Benchmarks section for why one run at a time, with the
    /// intra-op threads using every core, serves concurrent requests best.
    /// </summary>
    public int MaxConcurrentInferences { get; set; } = 1;

    /// <summary>
    /// <c>Cpu</c> (default; Azure Functions has no GPU) or <c>Cuda</c> for a GPU host built with <c>-p:OnnxRuntimeGpu=true</c>;
    /// without CUDA the model runs on the CPU and one warning says why.
    /// </summary>
    public ActressOnnx.Inference.ExecutionProvider ExecutionProvider { get; set; } = ActressOnnx.Inference.ExecutionProvider.Cpu;

    /// <summary>
    /// How often the model pointer (<c>&lt;model&gt;/current.json</c>) is checked for a new version (default 30 s).
    /// An unchanged pointer costs one conditional request.
    /// </summary>
    public TimeSpan ModelPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When the service starts (nothing served yet) and the version <c>current.json</c> names fails its checks, how many
    /// earlier versions, newest first, are tried in turn (default 3; 0 turns the fallback off). Each is downloaded,
    /// checked, loaded and warmed up like a published one; health then says the service is not on the published version.
    /// </summary>
    public int LastKnownGoodTries { get; set; } = 3;
}

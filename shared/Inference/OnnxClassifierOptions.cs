using ActressOnnx.Imaging;

namespace ActressOnnx.Inference;

/// <summary>Runtime tuning for <see cref="OnnxClassifier"/>.</summary>
public sealed class OnnxClassifierOptions
{
    /// <summary>
    /// Threads one inference may use; 0 lets ONNX Runtime choose (one per physical core). Under many concurrent
    /// requests 1 usually gives the best throughput; for a lone request more threads cut its latency.
    /// </summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Whether idle intra-op threads busy-wait for the next piece of work. Off by default: spinning lowers a lone
    /// request's latency slightly but burns cores that concurrent requests and image decoding need.
    /// </summary>
    public bool AllowThreadSpinning { get; set; }

    /// <summary>
    /// How many session runs may execute at once; further requests wait (decoding is not limited). 0 means no limit.
    /// On a small machine several runs at once only fight over the same cores (each with its own intra-op threads),
    /// which lengthens every one of them and the tail most; one run at a time with intra-op threads matching the
    /// cores finishes the same work sooner.
    /// </summary>
    public int MaxConcurrentRuns { get; set; }

    /// <summary>Where the model runs (default CPU). CUDA falls back to the CPU when this build or machine cannot provide it.</summary>
    public ExecutionProvider ExecutionProvider { get; set; } = ExecutionProvider.Cpu;

    /// <summary>The CUDA device used with <see cref="ExecutionProvider.Cuda"/>.</summary>
    public int CudaDeviceId { get; set; }

    /// <summary>How many single-image input/output buffers are kept for reuse (default: twice the processor count).</summary>
    public int MaxPooledBuffers { get; set; } = Environment.ProcessorCount * 2;

    /// <summary>Limits for decoding request images; defaults when null.</summary>
    public ImageDecoderOptions? Decoder { get; set; }
}

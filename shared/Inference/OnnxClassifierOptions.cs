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

    /// <summary>How many single-image input/output buffers are kept for reuse (default: twice the processor count).</summary>
    public int MaxPooledBuffers { get; set; } = Environment.ProcessorCount * 2;

    /// <summary>Limits for decoding request images; defaults when null.</summary>
    public ImageDecoderOptions? Decoder { get; set; }
}

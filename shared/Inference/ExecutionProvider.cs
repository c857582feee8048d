namespace ActressOnnx.Inference;

/// <summary>Where ONNX Runtime runs the model.</summary>
public enum ExecutionProvider
{
    /// <summary>The CPU provider (always available; the default).</summary>
    Cpu,

    /// <summary>
    /// NVIDIA CUDA. Needs a build against Microsoft.ML.OnnxRuntime.Gpu (<c>-p:OnnxRuntimeGpu=true</c>) and CUDA/cuDNN on
    /// the machine; otherwise the classifier falls back to the CPU and says why in <see cref="OnnxClassifier.ExecutionProviderFallback"/>.
    /// </summary>
    Cuda,
}

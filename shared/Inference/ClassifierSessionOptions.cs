using Microsoft.ML.OnnxRuntime;

namespace ActressOnnx.Inference;

/// <summary>The ONNX Runtime session settings <see cref="OnnxClassifier"/> uses, and its execution provider choice.</summary>
internal static class ClassifierSessionOptions
{
    // The CPU package has the CUDA entry point but refuses it; a GPU build without CUDA libraries fails to load the provider.
    public static (ExecutionProvider Provider, string? Fallback) AddExecutionProvider(SessionOptions sessionOptions, OnnxClassifierOptions options)
    {
        if (options.ExecutionProvider != ExecutionProvider.Cuda)
        {
            return (ExecutionProvider.Cpu, null);
        }

        try
        {
            sessionOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
            return (ExecutionProvider.Cuda, null);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            var reason = ex.Message.Split('\n', 2)[0].Trim();
            return (ExecutionProvider.Cpu, $"CUDA is not available ({reason}); running on the CPU. Build with -p:OnnxRuntimeGpu=true and install CUDA and cuDNN to use the GPU.");
        }
    }

    public static SessionOptions Create(OnnxClassifierOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = Math.Max(0, options.IntraOpThreads),
            InterOpNumThreads = 1,
        };
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.AllowThreadSpinning ? "1" : "0");
        return sessionOptions;
    }
}

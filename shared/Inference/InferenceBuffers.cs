using Microsoft.ML.OnnxRuntime;

namespace ActressOnnx.Inference;

/// <summary>
/// Pinned input and output memory for one single-image inference, with the OrtValues that wrap it created once,
/// so a pooled instance serves request after request without allocating.
/// </summary>
internal sealed class InferenceBuffers : IDisposable
{
    public InferenceBuffers(int height, int width, int classCount)
    {
        Pixels = GC.AllocateUninitializedArray<byte>(height * width * 3, pinned: true);
        Probabilities = GC.AllocateUninitializedArray<float>(classCount, pinned: true);
        Inputs = [OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, Pixels.AsMemory(), [1, height, width, 3])];
        Outputs = [OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, Probabilities.AsMemory(), [1, classCount])];
    }

    public byte[] Pixels { get; }

    public float[] Probabilities { get; }

    public OrtValue[] Inputs { get; }

    public OrtValue[] Outputs { get; }

    public void Dispose()
    {
        Inputs[0].Dispose();
        Outputs[0].Dispose();
    }
}

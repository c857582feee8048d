using static TorchSharp.torch;

namespace ActressOnnx.Train.Training;

/// <summary>Turns a <see cref="DeviceChoice"/> into a TorchSharp device.</summary>
internal static class TrainingDevice
{
    /// <exception cref="TrainingException">CUDA was asked for but is not available.</exception>
    public static Device Resolve(DeviceChoice choice) => choice switch
    {
        DeviceChoice.Auto => cuda.is_available() ? CUDA : CPU,
        DeviceChoice.Cpu => CPU,
        DeviceChoice.Cuda when cuda.is_available() => CUDA,
        DeviceChoice.Cuda => throw new TrainingException(
            "CUDA was requested but is not available (no CUDA GPU, or a CPU-only TorchSharp build). Use --device cpu or --device auto."),
        _ => throw new ArgumentOutOfRangeException(nameof(choice), choice, "Unknown device choice."),
    };
}

namespace ActressOnnx.Train.Training;

/// <summary>Where to train: the GPU when there is one, or explicitly the CPU or CUDA.</summary>
internal enum DeviceChoice
{
    Auto,
    Cpu,
    Cuda,
}

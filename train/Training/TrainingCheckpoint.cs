using ActressOnnx.Train.Model;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Training;

/// <summary>Reads and writes a trained model with its labels and preprocessing settings as one file.</summary>
internal static class TrainingCheckpoint
{
    public static void Save(string path, ResNet18 model, CheckpointInfo info) => throw new NotImplementedException();

    public static (ResNet18 Model, CheckpointInfo Info) Load(string path, Device device) => throw new NotImplementedException();
}

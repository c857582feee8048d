using static TorchSharp.torch;

namespace ActressOnnx.Train.Data;

/// <summary>
/// Changes a training batch before normalisation (data augmentation). Applied to training batches only, never to
/// validation batches. Implementations draw their randomness from a seeded generator so runs are reproducible.
/// </summary>
internal interface ITrainingBatchTransform
{
    /// <summary>
    /// Transforms <paramref name="images"/>, uint8 <c>[N, H, W, 3]</c> on the training device, and returns uint8
    /// <c>[N, h, w, 3]</c> at the model's input size (which may be the input itself; the input may have been decoded
    /// larger, for random crops). Called inside the batch's dispose scope.
    /// </summary>
    Tensor Apply(Tensor images);
}

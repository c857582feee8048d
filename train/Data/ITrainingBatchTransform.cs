using static TorchSharp.torch;

namespace ActressOnnx.Train.Data;

/// <summary>
/// Changes a training batch before normalisation (data augmentation). Applied to training batches only, never to
/// validation batches. Implementations draw their randomness from a seeded generator so runs are reproducible.
/// </summary>
internal interface ITrainingBatchTransform
{
    /// <summary>
    /// Transforms <paramref name="images"/>, uint8 <c>[N, H, W, 3]</c> on the training device, and returns a tensor of
    /// the same shape and type (which may be the input itself). Called inside the batch's dispose scope.
    /// </summary>
    Tensor Apply(Tensor images);
}

namespace ActressOnnx.Train.Training.HeadFitting;

/// <summary>
/// A linear head fitted on frozen features: the weights and bias to put into the model's <c>fc</c> layer (in the
/// features' own units), the L2 penalty the validation images chose, and its losses.
/// </summary>
/// <param name="Weight"><c>[classes, 512]</c>, on the features' device; owned by the caller.</param>
/// <param name="Bias"><c>[classes]</c>, on the features' device; owned by the caller.</param>
/// <param name="Penalty">The L2 penalty on the weights (of standardised features) that was kept.</param>
/// <param name="TrainLoss">Mean cross-entropy on the training features, without the penalty.</param>
/// <param name="ValidLoss">Mean cross-entropy on the validation features; null without any.</param>
/// <param name="ValidErrorRate">Share of validation features misclassified; null without any.</param>
internal sealed record LinearHeadFit(
    TorchSharp.torch.Tensor Weight,
    TorchSharp.torch.Tensor Bias,
    double Penalty,
    double TrainLoss,
    double? ValidLoss,
    double? ValidErrorRate);

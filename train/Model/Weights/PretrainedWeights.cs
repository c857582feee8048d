namespace ActressOnnx.Train.Model.Weights;

/// <summary>Where <c>train</c> takes the starting weights of the network's body from.</summary>
internal enum PretrainedWeights
{
    /// <summary>ML.NET's ImageNet ResNet18 from the Microsoft.ML.DnnImageFeaturizer.ResNet18 package (architecture <see cref="ResNetArchitecture.Cntk"/>).</summary>
    ImageNet,

    /// <summary>Random initialisation (same architecture as <see cref="ImageNet"/>, so the two compare like for like).</summary>
    None,
}

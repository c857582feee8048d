using ActressOnnx.Inference;
using ActressOnnx.Storage;

namespace ActressOnnx.Serving.ModelLifecycle;

/// <summary>A model downloaded, verified and loaded, ready to predict.</summary>
/// <param name="Name">The model's name in storage.</param>
/// <param name="Published">The served version and its SHA-256.</param>
/// <param name="Classifier">The loaded classifier.</param>
public sealed record LoadedModel(string Name, ModelPointer Published, OnnxClassifier Classifier);

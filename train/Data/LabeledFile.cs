namespace ActressOnnx.Train.Data;

/// <summary>An image file and the index of its class in <see cref="ImageFolder.Labels"/>.</summary>
internal sealed record LabeledFile(string Path, int Label);

namespace ActressOnnx.Train.Clean;

/// <summary>A scored dataset, ready for the cleaner page.</summary>
/// <param name="Root">The dataset folder (full path, no trailing separator).</param>
/// <param name="Labels">Class names, in the checkpoint's order (which matches the class folders).</param>
/// <param name="Reused">True when the scores came from the training report's predictions.jsonl.</param>
internal sealed record CleanDataset(string Root, IReadOnlyList<string> Labels, IReadOnlyList<CleanItem> Items, bool Reused);

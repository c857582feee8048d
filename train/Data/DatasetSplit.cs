namespace ActressOnnx.Train.Data;

/// <summary>Indices into a dataset: which examples train and which validate. Disjoint; together they cover it.</summary>
internal sealed record DatasetSplit(int[] Train, int[] Valid);

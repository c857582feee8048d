namespace ActressOnnx.Train.Report;

/// <summary>The names a prediction's split is written with.</summary>
internal static class SplitNames
{
    public const string Train = "train";
    public const string Valid = "valid";

    public static bool IsKnown(string? split) => split is Train or Valid;
}

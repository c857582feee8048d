namespace ActressOnnx.Train.Data;

/// <summary>The file extensions the dataset loader treats as images.</summary>
internal static class ImageFileExtensions
{
    private static readonly HashSet<string> Extensions =
        new([".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp"], StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<string> All => Extensions;

    public static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path));
}

namespace ActressOnnx.Train.Tests.Clean;

/// <summary>Copies a dataset folder (keeping modification times) so a test can change it without touching the shared one.</summary>
internal static class DatasetCopy
{
    public static string To(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
            File.SetLastWriteTimeUtc(copy, File.GetLastWriteTimeUtc(file));
        }

        return target;
    }

    public static string[] Files(string root, string label) =>
        [.. Directory.GetFiles(Path.Combine(root, label)).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
}

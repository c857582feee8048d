namespace ActressOnnx.Train.Gather;

/// <summary>
/// Writes files so that readers only ever see complete ones: data goes to a hidden temporary file in the same
/// folder, is flushed, then renamed over the target. Leftover temporary files (a killed process) are removable.
/// </summary>
internal static class AtomicFile
{
    private const string TemporarySuffix = ".partial";

    public static void Write(string path, ReadOnlySpan<byte> contents)
    {
        var temporary = TemporaryPathFor(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Deletes temporary files a killed run left in <paramref name="directory"/>.</summary>
    public static void DeleteLeftovers(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var leftover in Directory.EnumerateFiles(directory, "." + "*" + TemporarySuffix))
        {
            File.Delete(leftover);
        }
    }

    /// <summary>True for names this class uses for temporary files.</summary>
    public static bool IsTemporary(string path) => Path.GetFileName(path).StartsWith('.') && path.EndsWith(TemporarySuffix, StringComparison.Ordinal);

    private static string TemporaryPathFor(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TemporarySuffix}");
    }
}

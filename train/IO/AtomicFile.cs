namespace ActressOnnx.Train.IO;

/// <summary>
/// Writes files so that readers only ever see complete ones: data goes to a hidden temporary file in the same
/// folder, is flushed to disk, then renamed over the target. A failure (or a failed check) leaves the target as it
/// was and removes the temporary file; leftovers of a killed process are recognisable and removable.
/// </summary>
internal static class AtomicFile
{
    private const string TemporarySuffix = ".partial";

    /// <summary>Replaces <paramref name="path"/> with <paramref name="contents"/>.</summary>
    public static void Write(string path, ReadOnlySpan<byte> contents)
    {
        var temporary = CreateTemporaryFor(path);
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

    /// <summary>Replaces <paramref name="path"/> with what <paramref name="write"/> writes to the stream it is given.</summary>
    public static void Write(string path, Action<Stream> write) => Write(path, write, _ => 0);

    /// <summary>
    /// Writes through <paramref name="write"/>, then lets <paramref name="check"/> inspect the finished temporary file
    /// (by its path) before it replaces <paramref name="path"/>; when the check throws, <paramref name="path"/> is untouched.
    /// </summary>
    /// <returns>What <paramref name="check"/> returned.</returns>
    public static T Write<T>(string path, Action<Stream> write, Func<string, T> check)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(check);
        var temporary = CreateTemporaryFor(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            var result = check(temporary);
            File.Move(temporary, path, overwrite: true);
            return result;
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

    private static string CreateTemporaryFor(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}{TemporarySuffix}");
    }
}

namespace ActressOnnx.Train.Clean;

/// <summary>Renames a set of files all or nothing: if one rename fails, those already done are renamed back.</summary>
internal static class FileMoves
{
    /// <summary>Renames each <c>From</c> to its <c>To</c> (creating folders, never overwriting).</summary>
    /// <exception cref="CleanException">A rename failed; the files done so far were put back.</exception>
    public static void Apply(IReadOnlyList<(string From, string To)> moves)
    {
        ArgumentNullException.ThrowIfNull(moves);
        var done = new List<(string From, string To)>(moves.Count);
        try
        {
            foreach (var move in moves)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(move.To)!);
                File.Move(move.From, move.To, overwrite: false);
                done.Add(move);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Rollback(done);
            throw new CleanException(500, "move_failed", $"Could not move the files ({ex.Message}); the files already moved were put back and nothing changed. Check permissions and free space, then try again.");
        }
    }

    /// <summary>Puts back the renames in <paramref name="done"/>, last first.</summary>
    public static void Rollback(IReadOnlyList<(string From, string To)> done)
    {
        ArgumentNullException.ThrowIfNull(done);
        for (var i = done.Count - 1; i >= 0; i--)
        {
            File.Move(done[i].To, done[i].From, overwrite: false);
        }
    }

    /// <summary>The path, or the path with " (2)", " (3)"... before the extension when it is taken or reserved.</summary>
    public static string FreePath(string path, ISet<string> reserved)
    {
        ArgumentNullException.ThrowIfNull(reserved);
        var candidate = path;
        for (var n = 2; File.Exists(candidate) || reserved.Contains(candidate); n++)
        {
            candidate = Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileNameWithoutExtension(path)} ({n}){Path.GetExtension(path)}");
        }

        reserved.Add(candidate);
        return candidate;
    }
}

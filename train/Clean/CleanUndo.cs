using ActressOnnx.Train.Report;

namespace ActressOnnx.Train.Clean;

/// <summary>Puts back the files of the last applied batch that has not been undone yet, and logs that as <c>restore</c> entries.</summary>
internal static class CleanUndo
{
    /// <returns>The batch undone and how many files were restored.</returns>
    /// <exception cref="CleanException">There is nothing to undo, or a file is no longer where the batch left it (nothing is moved then).</exception>
    public static (string Batch, int Restored) UndoLast(string dataDirectory)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        if (!Directory.Exists(root))
        {
            throw new CleanException(400, "no_dataset", $"Dataset folder '{dataDirectory}' does not exist; pass the folder you cleaned.");
        }

        var log = new CleanLog(root);
        using var datasetLock = DatasetLock.Acquire(root);
        var entries = log.Read();
        var undone = entries.Where(e => e.Action == CleanLogEntry.Restore).Select(e => e.Undoes).ToHashSet(StringComparer.Ordinal);
        var batch = entries.Where(e => e.Action != CleanLogEntry.Restore).Select(e => e.Batch).Distinct().LastOrDefault(b => !undone.Contains(b))
            ?? throw new CleanException(409, "nothing_to_undo", $"Nothing to undo: '{log.Path}' has no applied batch that is not undone yet.");
        var changes = entries.Where(e => e.Batch == batch).ToList();

        var problems = new List<string>();
        foreach (var change in changes)
        {
            var now = log.ToFullPath(change.To);
            var original = log.ToFullPath(change.From);
            if (!File.Exists(now) || FileFingerprint.Of(now).Sha256 != change.Sha256)
            {
                problems.Add($"{change.To} is missing or changed");
            }
            else if (File.Exists(original))
            {
                problems.Add($"{change.From} exists again");
            }
        }

        if (problems.Count > 0)
        {
            throw new CleanException(409, "cannot_undo", $"Cannot undo batch {batch}, nothing was moved: {string.Join("; ", problems)}. Move those files back by hand (the log '{log.Path}' lists every change).");
        }

        var moves = changes.AsEnumerable().Reverse().Select(c => (log.ToFullPath(c.To), log.ToFullPath(c.From))).ToList();
        FileMoves.Apply(moves);
        var restoreBatch = CleanLog.NewBatchId();
        try
        {
            log.Append([.. changes.AsEnumerable().Reverse().Select(c => new CleanLogEntry(restoreBatch, DateTimeOffset.UtcNow, CleanLogEntry.Restore, c.To, c.From, c.Sha256, Undoes: batch))]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            FileMoves.Rollback(moves);
            throw new CleanException(500, "log_failed", $"Could not write the clean log '{log.Path}' ({ex.Message}); nothing was undone. Check permissions and free space, then try again.");
        }

        return (batch, changes.Count);
    }
}

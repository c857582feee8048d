using ActressOnnx.Train.Gather;
using ActressOnnx.Train.Report;

namespace ActressOnnx.Train.Clean;

/// <summary>
/// The cleaner's state: the scored images as they are now, and the one place that changes the dataset. Applies are
/// serialised (one at a time, in this process and across processes) and refused whole when the page is out of date
/// or a file changed on disk since it was scored: nothing is moved then.
/// </summary>
internal sealed class CleanSession : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<int, CleanItem> items;

    public CleanSession(CleanDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Root = dataset.Root;
        Labels = dataset.Labels;
        items = dataset.Items.ToDictionary(i => i.Id);
        Log = new CleanLog(Root);
    }

    public string Root { get; }

    public IReadOnlyList<string> Labels { get; }

    public CleanLog Log { get; }

    /// <summary>Goes up by one with every applied batch; a page that loaded an older version must reload before it applies.</summary>
    public int Version { get; private set; }

    /// <summary>The images of one class and split (plus those that do not decode), highest loss first, undecodable ones before all.</summary>
    public IReadOnlyList<CleanItem> Query(string label, string split)
    {
        lock (items)
        {
            return items.Values
                .Where(i => i.Label == label && (i.Split == split || i.Split is null))
                .OrderByDescending(i => i.Loss ?? double.PositiveInfinity)
                .ThenBy(i => i.RelativePath, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>Every image the page knows now.</summary>
    public IReadOnlyList<CleanItem> Snapshot()
    {
        lock (items)
        {
            return [.. items.Values];
        }
    }

    public CleanItem? Find(int id)
    {
        lock (items)
        {
            return items.GetValueOrDefault(id);
        }
    }

    public string FullPath(CleanItem item) => Path.Combine(Root, item.RelativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <exception cref="CleanException">The request is invalid (400), out of date or a file changed (409); nothing was changed.</exception>
    public async Task<ApplyResult> ApplyAsync(ApplyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (request.Version != Version)
            {
                throw new CleanException(409, "page_out_of_date", "The dataset changed since this page was loaded (changes were applied, perhaps from another tab). Reload the page and choose again.");
            }

            using var datasetLock = DatasetLock.Acquire(Root);
            var plan = Plan(request.Changes ?? []);
            var changed = plan.Where(p => !p.Item.Fingerprint.Matches(p.From)).Select(p => p.Item.RelativePath).ToList();
            if (changed.Count > 0)
            {
                throw new CleanException(409, "files_changed", $"These files changed on disk since they were scored, so nothing was applied: {string.Join(", ", changed)}. Run clean again to score the dataset as it is now.");
            }

            var moves = plan.Select(p => (p.From, p.To)).ToList();
            FileMoves.Apply(moves);
            var batch = CleanLog.NewBatchId();
            var warnings = new List<string>();
            var entries = plan.Select(p => new CleanLogEntry(batch, DateTimeOffset.UtcNow, p.Action, Log.ToLogPath(p.From), Log.ToLogPath(p.To), p.Item.Fingerprint.Sha256,
                ManifestUrl: p.Action == CleanLogEntry.Move ? TryRecordMove(p, warnings) : null)).ToList();
            try
            {
                Log.Append(entries);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                FileMoves.Rollback(moves);
                throw new CleanException(500, "log_failed", $"Could not write the clean log '{Log.Path}' ({ex.Message}); the files were put back. Check permissions and free space, then try again.");
            }

            lock (items)
            {
                foreach (var p in plan)
                {
                    if (p.Action == CleanLogEntry.Delete)
                    {
                        items.Remove(p.Item.Id);
                    }
                    else
                    {
                        items[p.Item.Id] = p.Item with { Label = p.ToClass!, RelativePath = CleanScoring.Relative(Root, p.To) };
                    }
                }

                Version++;
                return new ApplyResult(batch, plan.Count(p => p.Action == CleanLogEntry.Delete), plan.Count(p => p.Action == CleanLogEntry.Move), Version, warnings);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private List<PlannedMove> Plan(IReadOnlyList<ImageChange> changes)
    {
        if (changes.Count == 0)
        {
            throw new CleanException(400, "no_changes", "Nothing to apply: mark at least one image delete or move.");
        }

        var quarantine = DatasetVerifier.QuarantineDirectoryFor(Root);
        var reserved = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<int>();
        var plan = new List<PlannedMove>(changes.Count);
        foreach (var change in changes)
        {
            var item = Find(change.Id) ?? throw new CleanException(400, "unknown_image", $"There is no image {change.Id} (it may have been deleted already). Reload the page.");
            if (!seen.Add(change.Id))
            {
                throw new CleanException(400, "duplicate_change", $"Image {item.RelativePath} is listed twice; choose one action for it.");
            }

            var from = FullPath(item);
            switch (change.Action)
            {
                case CleanLogEntry.Delete:
                    var relative = item.RelativePath.Replace('/', Path.DirectorySeparatorChar);
                    plan.Add(new PlannedMove(item, CleanLogEntry.Delete, from, FileMoves.FreePath(Path.Combine(quarantine, relative), reserved), null));
                    break;
                case CleanLogEntry.Move when change.To is { } to && Labels.Contains(to, StringComparer.Ordinal) && to != item.Label:
                    var target = FileMoves.FreePath(Path.Combine(Root, to, Path.GetFileName(from)), reserved);
                    plan.Add(new PlannedMove(item, CleanLogEntry.Move, from, target, to));
                    break;
                case CleanLogEntry.Move:
                    throw new CleanException(400, "bad_target", $"Cannot move {item.RelativePath} to '{change.To}': choose one of the other classes ({string.Join(", ", Labels.Where(l => l != item.Label))}).");
                default:
                    throw new CleanException(400, "bad_action", $"Unknown action '{change.Action}' for {item.RelativePath}; use delete or move.");
            }
        }

        return plan;
    }

    private string? TryRecordMove(PlannedMove move, List<string> warnings)
    {
        try
        {
            return ManifestSync.RecordMove(Root, move.Item.Label, move.Item.FileName, move.ToClass!, Path.GetFileName(move.To));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            warnings.Add($"The gather manifest of '{move.ToClass}' was not updated for {Path.GetFileName(move.To)}: {ex.Message}");
            return null;
        }
    }

    private sealed record PlannedMove(CleanItem Item, string Action, string From, string To, string? ToClass);
}

namespace ActressOnnx.Train.Gather;

/// <summary>
/// Counts for one class, taken from its manifest (so a resumed run reports the same totals as an uninterrupted one).
/// They add up: <c>Found = Downloaded + Failed + Excluded</c> and <c>Downloaded = Kept + Duplicates + TooSmall + NotAnImage</c>
/// (<c>Duplicates</c> counts exact and near-duplicates).
/// </summary>
internal sealed record ClassSummary(string ClassName, int Found, int Downloaded, int Duplicates, int TooSmall, int NotAnImage, int Failed, int Kept)
{
    /// <summary>Not downloaded because the licence is outside <c>--licence</c> (or unknown).</summary>
    public int Excluded { get; init; }

    public static ClassSummary FromEntries(string className, IReadOnlyCollection<ManifestEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        int Count(GatherStatus status) => entries.Count(e => e.Status == status);
        var failed = Count(GatherStatus.Failed);
        var excluded = Count(GatherStatus.Excluded);
        return new ClassSummary(
            className,
            Found: entries.Count,
            Downloaded: entries.Count - failed - excluded,
            Duplicates: Count(GatherStatus.Duplicate) + Count(GatherStatus.NearDuplicate),
            TooSmall: Count(GatherStatus.TooSmall),
            NotAnImage: Count(GatherStatus.NotAnImage),
            Failed: failed,
            Kept: Count(GatherStatus.Kept))
        {
            Excluded = excluded,
        };
    }
}

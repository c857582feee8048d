using static ActressOnnx.Train.Audit.UnionFind;

namespace ActressOnnx.Train.Audit;

/// <summary>
/// The duplicate sets an audit found, as a group number per dataset image, so the train/validation split can keep
/// each set on one side. Exact and near-duplicate sets that share an image are merged.
/// </summary>
internal static class DuplicateGroups
{
    /// <summary>The audit's findings file for <paramref name="dataDirectory"/> (DATA-audit/issues.jsonl).</summary>
    public static string IssuesPath(string dataDirectory) => Path.Combine(AuditOptions.DefaultOutputDirectory(dataDirectory), AuditFile.IssuesFileName);

    /// <summary>
    /// The group of each of <paramref name="paths"/> (full paths inside <paramref name="dataDirectory"/>), -1 for an
    /// image in no set; null when the dataset has no audit.
    /// </summary>
    /// <exception cref="InvalidDataException">The findings file is damaged.</exception>
    public static int[]? Load(string dataDirectory, IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var file = IssuesPath(dataDirectory);
        return File.Exists(file) ? FromFindings(AuditFile.Read(file), Path.GetFullPath(dataDirectory), paths) : null;
    }

    public static int[] FromFindings(IEnumerable<AuditFinding> findings, string root, IReadOnlyList<string> paths)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < paths.Count; i++)
        {
            index[AuditInput.RelativePath(root, paths[i])] = i;
        }

        var parent = Enumerable.Range(0, paths.Count).ToArray();
        var inSet = new bool[paths.Count];
        foreach (var set in findings.Where(f => AuditIssue.IsDuplicate(f.Issue) && f.Group is not null).GroupBy(f => (f.Issue, f.Group)))
        {
            var members = set.Select(f => index.TryGetValue(f.Path, out var i) ? i : -1).Where(i => i >= 0).ToList();
            if (members.Count < 2)
            {
                continue;
            }

            foreach (var member in members)
            {
                inSet[member] = true;
                Union(parent, members[0], member);
            }
        }

        var numbers = new Dictionary<int, int>();
        var groups = new int[paths.Count];
        for (var i = 0; i < paths.Count; i++)
        {
            groups[i] = inSet[i] ? (numbers.TryGetValue(Find(parent, i), out var n) ? n : numbers[Find(parent, i)] = numbers.Count) : -1;
        }

        return groups;
    }
}

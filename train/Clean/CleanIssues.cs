using ActressOnnx.Train.Audit;

namespace ActressOnnx.Train.Clean;

/// <summary>
/// The cleaner's Issues view: the audit's duplicate sets and suspected label errors (DATA-audit/issues.jsonl, read
/// on each request so a new audit shows at once), as the page's items, leaving out files the cleaner does not know.
/// </summary>
internal static class CleanIssues
{
    public static IssuesResponse Load(CleanSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var file = DuplicateGroups.IssuesPath(session.Root);
        if (!File.Exists(file))
        {
            return new IssuesResponse(session.Version, file, false, [], []);
        }

        var findings = AuditFile.Read(file);
        var byPath = session.Snapshot().ToDictionary(item => item.RelativePath, StringComparer.Ordinal);
        var groups = findings
            .Where(f => AuditIssue.IsDuplicate(f.Issue) && f.Group is not null)
            .GroupBy(f => (f.Issue, f.Group))
            .Select(g => new IssueGroup(g.Key.Issue, g.Key.Group!, [.. g.Where(f => byPath.ContainsKey(f.Path)).Select(f => View(byPath[f.Path], f))]))
            .Where(g => g.Items.Count > 1)
            .ToList();
        var labels = findings
            .Where(f => f.Issue == AuditIssue.Label && f.Suggested is not null && byPath.TryGetValue(f.Path, out var item) && item.Label != f.Suggested)
            .Select(f => View(byPath[f.Path], f))
            .ToList();
        return new IssuesResponse(session.Version, file, true, groups, labels);
    }

    private static IssueItem View(CleanItem item, AuditFinding finding) =>
        new(item.Id, item.RelativePath, item.Label, finding.Score, finding.Suggested, finding.SuggestedProbability);

    internal sealed record IssueItem(int Id, string File, string Label, double Score, string? Suggested, double? SuggestedProbability);

    internal sealed record IssueGroup(string Issue, string Group, IReadOnlyList<IssueItem> Items);

    internal sealed record IssuesResponse(int Version, string Audit, bool Found, IReadOnlyList<IssueGroup> Groups, IReadOnlyList<IssueItem> Labels);
}

namespace ActressOnnx.Train.Audit;

/// <summary>What one audit found and where it wrote it.</summary>
/// <param name="Findings">Every row of issues.jsonl, in file order.</param>
/// <param name="Audited">Images that decoded and were checked.</param>
/// <param name="Skipped">Files that did not decode (left to <c>verify</c>).</param>
/// <param name="Timings">Seconds per stage (decode, duplicates, quality, features, labels), in order.</param>
internal sealed record AuditResult(
    IReadOnlyList<AuditFinding> Findings,
    int Audited,
    int Skipped,
    string IssuesPath,
    string ReportPath,
    IReadOnlyList<(string Stage, double Seconds)> Timings)
{
    /// <summary>Rows per issue, in <see cref="AuditIssue.All"/> order, zero counts included.</summary>
    public IReadOnlyList<(string Issue, int Count)> Counts() =>
        [.. AuditIssue.All.Select(issue => (issue, Findings.Count(f => f.Issue == issue)))];
}

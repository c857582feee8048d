extern alias train;
using System.Globalization;
using System.Text.Json;
using AuditFile = train::ActressOnnx.Train.Audit.AuditFile;
using AuditFinding = train::ActressOnnx.Train.Audit.AuditFinding;
using AuditIssue = train::ActressOnnx.Train.Audit.AuditIssue;

namespace ActressOnnx.Benchmarks.Audit;

/// <summary>Compares <c>DIR-audit/issues.jsonl</c> with the faults <see cref="FaultInjector"/> wrote, and prints the figures.</summary>
internal static class AuditScorer
{
    public static void Score(string directory, string issuesPath, TextWriter output)
    {
        var truth = File.ReadAllLines(FaultInjector.TruthPath(directory)).Select(line => JsonSerializer.Deserialize<FaultInjector.Fault>(line)!).ToList();
        var findings = AuditFile.Read(issuesPath);
        var all = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/')).ToList();
        var faultOf = truth.ToDictionary(f => f.Path, StringComparer.Ordinal);

        // Label errors: precision and recall at k = the number injected (rows are ranked in the file).
        var wrong = truth.Where(f => f.Kind == "label").Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var labelRows = findings.Where(f => f.Issue == AuditIssue.Label).ToList();
        if (wrong.Count > 0)
        {
            var hits = labelRows.Take(wrong.Count).Count(f => wrong.Contains(f.Path));
            var suggestedRight = labelRows.Take(wrong.Count).Count(f => wrong.Contains(f.Path) && f.Suggested == faultOf[f.Path].Detail);
            output.WriteLine(Invariant($"label errors: {wrong.Count} injected; top-{wrong.Count} label rows hold {hits} of them (precision = recall at k: {Percent(hits, wrong.Count)}); suggested class right for {suggestedRight}; {labelRows.Count} label rows in all, {labelRows.Count(f => wrong.Contains(f.Path))} of them injected"));
        }

        // Duplicates: every copy grouped with its original? Pairs within reported groups that are unrelated?
        var rootOf = new Dictionary<string, string>(StringComparer.Ordinal);
        string Root(string path) => faultOf.TryGetValue(path, out var fault) && fault.Original is not null ? fault.Original : path;
        var groups = findings.Where(f => AuditIssue.IsDuplicate(f.Issue)).GroupBy(f => f.Issue + ":" + f.Group).Select(g => g.Select(f => f.Path).ToList()).ToList();
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string p) { while (parent.TryGetValue(p, out var up) && up != p) { p = up; } return p; }
        long pairs = 0, unrelated = 0;
        foreach (var group in groups)
        {
            for (var i = 0; i < group.Count; i++)
            {
                for (var j = i + 1; j < group.Count; j++)
                {
                    pairs++;
                    unrelated += Root(group[i]) == Root(group[j]) ? 0 : 1;
                }

                parent[Find(group[i])] = Find(group[0]);
            }
        }

        var copies = truth.Where(f => f.Kind is "exact-copy" or "altered-copy").ToList();
        if (copies.Count > 0)
        {
            var grouped = copies.Where(c => Find(c.Path) == Find(c.Original!)).ToList();
            output.WriteLine(Invariant($"copies: {copies.Count} injected ({copies.Count(c => c.Kind == "exact-copy")} exact); {grouped.Count} grouped with their original ({Percent(grouped.Count, copies.Count)}); missed: {string.Join(", ", copies.Except(grouped).Select(c => c.Detail))}"));
        }

        output.WriteLine(Invariant($"duplicate pairs reported: {pairs}, unrelated: {unrelated} ({(pairs == 0 ? "-" : Percent(unrelated, pairs))})"));

        foreach (var (kind, issue) in new[] { ("blank", AuditIssue.LowInformation), ("dark", AuditIssue.Dark), ("tiny", AuditIssue.OddSize) })
        {
            var injected = truth.Where(f => f.Kind == kind).Select(f => f.Path).ToList();
            if (injected.Count > 0)
            {
                var flagged = injected.Count(p => findings.Any(f => f.Path == p && f.Issue == issue));
                output.WriteLine(Invariant($"{kind}: {flagged} of {injected.Count} flagged {issue}"));
            }
        }

        // The clean part: files that are neither injected nor the original of an injected copy.
        var originals = truth.Where(f => f.Original is not null).Select(c => c.Original!).ToHashSet(StringComparer.Ordinal);
        var clean = all.Where(p => !faultOf.ContainsKey(p) && !originals.Contains(p)).ToHashSet(StringComparer.Ordinal);
        var flaggedClean = findings.Where(f => f.Issue != AuditIssue.Label && clean.Contains(f.Path)).ToList();
        var labelClean = findings.Where(f => f.Issue == AuditIssue.Label && clean.Contains(f.Path)).Select(f => f.Path).Distinct().Count();
        output.WriteLine(Invariant($"clean images: {clean.Count}; flagged by duplicate or quality checks: {flaggedClean.Select(f => f.Path).Distinct().Count()} ({Percent(flaggedClean.Select(f => f.Path).Distinct().Count(), clean.Count)}: {string.Join(", ", flaggedClean.GroupBy(f => f.Issue).Select(g => $"{g.Key} {g.Count()}"))}); with a label row: {labelClean} ({Percent(labelClean, clean.Count)})"));
    }

    private static string Percent(long part, long whole) => whole == 0 ? "-" : Invariant($"{100.0 * part / whole:F1}%");

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}

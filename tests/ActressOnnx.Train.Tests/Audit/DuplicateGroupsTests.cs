using ActressOnnx.Train.Audit;

namespace ActressOnnx.Train.Tests.Audit;

public sealed class DuplicateGroupsTests
{
    [Fact]
    public void FromFindings_MergesExactAndNearSetsThatShareAnImage()
    {
        const string Root = "/data";
        string[] paths = ["/data/a/1.png", "/data/a/2.png", "/data/b/3.png", "/data/b/4.png", "/data/b/5.png"];
        AuditFinding[] findings =
        [
            new("a/1.png", AuditIssue.ExactDuplicate, 1, "exact-1"),
            new("b/3.png", AuditIssue.ExactDuplicate, 1, "exact-1"),
            new("b/3.png", AuditIssue.NearDuplicate, 0.9, "near-1"),
            new("b/4.png", AuditIssue.NearDuplicate, 0.9, "near-1"),
            new("a/2.png", AuditIssue.Dark, 0.8),
            new("gone/6.png", AuditIssue.NearDuplicate, 0.9, "near-2"),
            new("b/5.png", AuditIssue.NearDuplicate, 0.9, "near-2"),
        ];

        var groups = DuplicateGroups.FromFindings(findings, Root, paths);

        Assert.Equal([0, -1, 0, 0, -1], groups);
    }
}

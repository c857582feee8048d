using System.Text.Json.Serialization;

namespace ActressOnnx.Train.Audit;

/// <summary>One row of <c>issues.jsonl</c>: an image and one thing wrong with it.</summary>
/// <param name="Path">Relative to the dataset folder, '/'-separated (class folder first).</param>
/// <param name="Issue">One of <see cref="AuditIssue.All"/>.</param>
/// <param name="Score">Higher is more certain, in [0, 1].</param>
/// <param name="Group">For the duplicate kinds: the same string on every member of one set; otherwise null.</param>
/// <param name="Suggested">For <see cref="AuditIssue.Label"/>: the class the evidence points to.</param>
/// <param name="SuggestedProbability">For <see cref="AuditIssue.Label"/>: the out-of-sample probability of <see cref="Suggested"/>.</param>
internal sealed record AuditFinding(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("issue")] string Issue,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("group")] string? Group = null,
    [property: JsonPropertyName("suggested")] string? Suggested = null,
    [property: JsonPropertyName("suggestedProbability")] double? SuggestedProbability = null);

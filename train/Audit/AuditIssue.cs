namespace ActressOnnx.Train.Audit;

/// <summary>The <c>issue</c> names written to <c>issues.jsonl</c>: the file format other tools read, so never rename one.</summary>
internal static class AuditIssue
{
    public const string ExactDuplicate = "exact-duplicate";
    public const string NearDuplicate = "near-duplicate";
    public const string Label = "label";
    public const string Dark = "dark";
    public const string Light = "light";
    public const string Blurry = "blurry";
    public const string LowInformation = "low-information";
    public const string OddSize = "odd-size";
    public const string OddAspectRatio = "odd-aspect-ratio";

    /// <summary>Every issue, in the order the summary and the report list them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [ExactDuplicate, NearDuplicate, Label, Dark, Light, Blurry, LowInformation, OddSize, OddAspectRatio];

    /// <summary>The two kinds whose rows carry a <c>group</c>.</summary>
    public static bool IsDuplicate(string issue) => issue is ExactDuplicate or NearDuplicate;
}

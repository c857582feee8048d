namespace ActressOnnx.Benchmarks.Audit;

/// <summary>
/// <c>audit-eval</c>: the measurements behind the audit's thresholds (docs/audit.md).
///   audit-eval near-duplicates [--size N] [--per-class N] [--no-features]
/// </summary>
internal static class AuditEvaluation
{
    public static int Run(string[] args)
    {
        var size = IntOption(args, "--size", 64);
        var perClass = IntOption(args, "--per-class", 20);
        var features = !args.Contains("--no-features");
        switch (args.FirstOrDefault())
        {
            case "near-duplicates":
                NearDuplicateMeasurement.Run("Debian wallpapers (photos and artwork, at most 640 px)", EvaluationImages.Wallpapers(640), size, features, Console.Out);
                NearDuplicateMeasurement.Run(FormattableString.Invariant($"Fashion-MNIST, {perClass} per class (28 px)"), EvaluationImages.FashionMnistImages(perClass), size, features, Console.Out);
                return 0;
            default:
                Console.Error.WriteLine("usage: audit-eval near-duplicates [--size N] [--per-class N] [--no-features]");
                return 2;
        }
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}

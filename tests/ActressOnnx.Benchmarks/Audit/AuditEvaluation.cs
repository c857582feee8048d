namespace ActressOnnx.Benchmarks.Audit;

/// <summary>
/// <c>audit-eval</c>: the measurements behind the audit's thresholds (docs/audit.md).
///   audit-eval near-duplicates [--source all|wallpapers|fashion-mnist] [--size N] [--per-class N] [--no-features]
///   audit-eval labels [--per-class N] [--sizes 64,96] [--label-noise F] [--folds K]   (corrupted Fashion-MNIST labels)
///   audit-eval features [--per-class N] [--sizes 64,96]   (TorchSharp against ONNX Runtime for the features)
///   audit-eval make DIR [--source fashion-mnist|wallpapers] [--per-class N] [--label-noise F] [--clean]   (a dataset with known faults)
///   audit-eval score DIR [--issues FILE]   (compares DIR-audit/issues.jsonl with them)
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
                if (StringOption(args, "--source", "all") is "all" or "wallpapers")
                {
                    NearDuplicateMeasurement.Run("Debian wallpapers (photos and artwork, at most 640 px)", EvaluationImages.Wallpapers(640), size, features, Console.Out);
                }

                if (StringOption(args, "--source", "all") is "all" or "fashion-mnist")
                {
                    NearDuplicateMeasurement.Run(FormattableString.Invariant($"Fashion-MNIST, {perClass} per class (28 px)"), EvaluationImages.FashionMnistImages(perClass), size, features, Console.Out);
                }

                return 0;
            case "labels":
                var corruption = double.Parse(StringOption(args, "--label-noise", "0.05"), System.Globalization.CultureInfo.InvariantCulture);
                LabelErrorMeasurement.WriteHeader(Console.Out);
                foreach (var s in StringOption(args, "--sizes", "64").Split(','))
                {
                    LabelErrorMeasurement.Run(EvaluationImages.FashionMnistImages(perClass), 10, int.Parse(s, System.Globalization.CultureInfo.InvariantCulture), corruption, IntOption(args, "--folds", 5), IntOption(args, "--seed", 1), Console.Out);
                }

                return 0;
            case "features":
                FeatureBackendMeasurement.WriteHeader(Console.Out);
                foreach (var s in StringOption(args, "--sizes", "64").Split(','))
                {
                    FeatureBackendMeasurement.Run(EvaluationImages.FashionMnistImages(perClass), int.Parse(s, System.Globalization.CultureInfo.InvariantCulture), Console.Out);
                }

                return 0;
            case "make" when args.Length > 1:
                var source = StringOption(args, "--source", "fashion-mnist");
                var images = source == "wallpapers" ? EvaluationImages.Wallpapers(640) : EvaluationImages.FashionMnistImages(perClass);
                var classes = source == "wallpapers" ? (IReadOnlyList<string>)["gnome", "plasma"] : FaultInjector.FashionMnistFolders;
                var noise = double.Parse(StringOption(args, "--label-noise", "0.05"), System.Globalization.CultureInfo.InvariantCulture);
                var faults = FaultInjector.Write(args[1], images, classes, !args.Contains("--clean"), noise, IntOption(args, "--seed", 1));
                Console.WriteLine(FormattableString.Invariant($"Wrote {images.Count} originals and {faults.Count} faults to {args[1]} (list: {FaultInjector.TruthPath(args[1])})"));
                return 0;
            case "score" when args.Length > 1:
                AuditScorer.Score(args[1], StringOption(args, "--issues", Path.GetFullPath(args[1]).TrimEnd('/') + "-audit/issues.jsonl"), Console.Out);
                return 0;
            default:
                Console.Error.WriteLine("usage: audit-eval near-duplicates [--source all|wallpapers|fashion-mnist] [--size N] [--per-class N] [--no-features] | labels [--per-class N] [--sizes 64,96] [--label-noise F] [--folds K] | features [--per-class N] [--sizes 64,96] | make DIR [--source fashion-mnist|wallpapers] [--per-class N] [--label-noise F] [--clean] | score DIR [--issues FILE]");
                return 2;
        }
    }

    private static string StringOption(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}

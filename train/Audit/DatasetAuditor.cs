using System.Diagnostics;
using System.Globalization;
using ActressOnnx.Imaging;

namespace ActressOnnx.Train.Audit;

/// <summary>The whole <c>audit</c>: decode once, find duplicates, check quality, find label errors, write the files.</summary>
internal static class DatasetAuditor
{
    /// <exception cref="Data.DatasetException">The dataset folder cannot be used.</exception>
    /// <exception cref="Model.Weights.PretrainedWeightsException">The feature weights cannot be loaded.</exception>
    public static AuditResult Run(AuditOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        options.Validate();
        var timings = new List<(string, double)>();
        var clock = Stopwatch.StartNew();

        var input = AuditInput.Load(options.DataDirectory, options.Size, new ImageDecoder(), cancellationToken);
        Lap(timings, "decode", clock);
        log.WriteLine(Invariant($"Decoded {input.Images.Count} images of {input.Labels.Count} classes at {input.Size}x{input.Size} ({input.Skipped.Count} did not decode and are not audited; 'verify' quarantines them)."));

        float[]? features = null;
        if (options.Features)
        {
            features = FeatureExtractor.Extract(input, options.WeightsFile, cancellationToken);
            Lap(timings, "features", clock);
        }

        var findings = new List<AuditFinding>(DuplicateFinder.Find(input.Images, options.MaxHashDistance, features, cancellationToken));
        Lap(timings, "duplicates", clock);
        var quality = QualityChecker.Check(input.Images);
        Lap(timings, "quality", clock);
        var labelFindings = new List<AuditFinding>();
        if (features is not null && options.Folds > 0)
        {
            labelFindings.AddRange(FindLabelErrors(input, features, options, cancellationToken));
            Lap(timings, "labels", clock);
        }

        findings.AddRange(labelFindings);
        findings.AddRange(quality.OrderBy(f => AuditIssue.All.ToList().IndexOf(f.Issue)).ThenByDescending(f => f.Score));

        var outputDirectory = Directory.CreateDirectory(options.ResolvedOutputDirectory).FullName;
        var issuesPath = Path.Combine(outputDirectory, AuditFile.IssuesFileName);
        var reportPath = Path.Combine(outputDirectory, AuditFile.ReportFileName);
        AuditFile.Write(issuesPath, findings);
        var result = new AuditResult(findings, input.Images.Count, input.Skipped.Count, issuesPath, reportPath, timings);
        File.WriteAllText(reportPath, AuditReportHtml.Render(input, result));
        return result;
    }

    /// <summary>k-fold out-of-sample probabilities of a linear head on <paramref name="features"/>, then confident learning.</summary>
    internal static IEnumerable<AuditFinding> FindLabelErrors(AuditInput input, float[] features, AuditOptions options, CancellationToken cancellationToken)
    {
        var labels = input.Images.Select(image => image.Label).ToArray();
        var probabilities = LinearProbe.OutOfSample(features, FeatureExtractor.FeatureCount, labels, input.Labels.Count, options.Folds, options.Seed, cancellationToken);
        return ConfidentLearning.FindSuspects(probabilities, labels, input.Labels.Count).Select(suspect => new AuditFinding(
            input.Images[suspect.Index].RelativePath,
            AuditIssue.Label,
            Math.Round(1 - suspect.GivenProbability, 4),
            Suggested: input.Labels[suspect.Suggested],
            SuggestedProbability: Math.Round(suspect.SuggestedProbability, 4)));
    }

    private static void Lap(List<(string, double)> timings, string stage, Stopwatch clock)
    {
        timings.Add((stage, clock.Elapsed.TotalSeconds));
        clock.Restart();
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}

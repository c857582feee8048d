namespace ActressOnnx.Train.Audit;

/// <summary>
/// Flags dark, light, blurry, low-information, odd-size and odd-aspect-ratio images relative to their dataset: an
/// image is flagged when its statistic is a robust outlier (more than <see cref="OutlierZ"/> scaled median absolute
/// deviations from the dataset's median, in the bad direction) and also past a sanity bound, so a set of night
/// photos is not all "dark" and a uniform set does not flag tiny differences. A few absolute floors apply whatever
/// the dataset (almost black, almost white, almost a single grey level), so a set of simple drawings still flags a blank.
/// </summary>
internal static class QualityChecker
{
    public const double OutlierZ = 4.0;

    public static IReadOnlyList<AuditFinding> Check(IReadOnlyList<AuditedImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var findings = new List<AuditFinding>();
        Flag(images, findings, AuditIssue.Dark, m => m.BrightEnd, low: true, minSpread: 0.03, bound: (v, median) => v < Math.Min(0.5, median * 0.6), always: v => v < 0.15);
        Flag(images, findings, AuditIssue.Light, m => m.DarkEnd, low: false, minSpread: 0.03, bound: (v, median) => v > Math.Max(0.6, median + ((1 - median) * 0.5)), always: v => v > 0.97);
        Flag(images, findings, AuditIssue.LowInformation, m => m.Entropy, low: true, minSpread: 0.25, bound: (v, median) => v < median * 0.5, always: v => v < 0.5);
        Flag(images, findings, AuditIssue.Blurry, m => m.Sharpness, low: true, minSpread: 0.1, bound: (v, median) => v < median - 1.0);
        Flag(images, findings, AuditIssue.OddSize, m => Math.Log(m.Side), low: null, minSpread: 0.1, bound: (v, median) => Math.Abs(v - median) > Math.Log(2.5));
        Flag(images, findings, AuditIssue.OddAspectRatio, m => m.LogAspect, low: null, minSpread: 0.1, bound: (v, median) => Math.Abs(v - median) > Math.Log(2));
        return findings;
    }

    /// <param name="low">True: only low values are bad; false: only high ones; null: both.</param>
    /// <param name="minSpread">Floor of the robust spread, so a dataset of identical values still needs a real difference.</param>
    /// <param name="bound">The sanity bound (value, dataset median) an outlier must also pass.</param>
    /// <param name="always">A value flagged whatever the dataset; null for none.</param>
    private static void Flag(
        IReadOnlyList<AuditedImage> images,
        List<AuditFinding> findings,
        string issue,
        Func<ImageMeasures, double> statistic,
        bool? low,
        double minSpread,
        Func<double, double, bool> bound,
        Func<double, bool>? always = null)
    {
        var values = images.Select(image => statistic(image.Measures)).ToArray();
        var median = Median(values);
        var spread = Math.Max(minSpread, 1.4826 * Median(values.Select(v => Math.Abs(v - median)).ToArray()));
        for (var i = 0; i < images.Count; i++)
        {
            var z = (values[i] - median) / spread;
            var outlier = low switch
            {
                true => z < -OutlierZ,
                false => z > OutlierZ,
                null => Math.Abs(z) > OutlierZ,
            };
            if ((outlier && bound(values[i], median)) || always?.Invoke(values[i]) == true)
            {
                var excess = Math.Max(Math.Abs(z), OutlierZ);
                findings.Add(new AuditFinding(images[i].RelativePath, issue, Math.Round(excess / (excess + OutlierZ), 4)));
            }
        }
    }

    internal static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

using System.Globalization;

namespace ActressOnnx.Train.Audit;

/// <summary>
/// Exact duplicates (same SHA-256) and near-duplicates, joined transitively into sets: perceptual hashes at most
/// <c>maxDistance</c> bits apart, or, when ImageNet features are given, hashes at most <see cref="FeatureCheckDistance"/>
/// apart whose features have a cosine similarity of at least <see cref="DefaultMinCosine"/> (which finds crops the
/// hash misses). Compares all pairs of hashes: a popcount each, fine up to tens of thousands.
/// </summary>
internal static class DuplicateFinder
{
    /// <summary>The Hamming distance <c>audit</c> uses unless told otherwise (see docs/audit.md for the measurements).</summary>
    public const int DefaultMaxDistance = 2;

    /// <summary>Images with less grey-level entropy (bits) than this are left out of the near-duplicate search.</summary>
    public const double MinEntropy = 1.0;

    /// <summary>Pairs up to this hash distance are compared by features too.</summary>
    public const int FeatureCheckDistance = 16;

    /// <summary>The feature cosine similarity that makes a pair within <see cref="FeatureCheckDistance"/> a near-duplicate.</summary>
    public const double DefaultMinCosine = 0.95;

    /// <summary>Every member of every exact-duplicate set (score 1) and every near-duplicate set.</summary>
    /// <param name="features">L2-normalised features, <c>[images, 512]</c>; null to use hashes alone.</param>
    public static IReadOnlyList<AuditFinding> Find(
        IReadOnlyList<AuditedImage> images, int maxDistance, float[]? features, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistance);
        var findings = new List<AuditFinding>();
        var exact = 0;
        foreach (var set in images.GroupBy(image => image.Sha256, StringComparer.Ordinal).Where(g => g.Count() > 1).OrderBy(g => g.First().Index))
        {
            var group = string.Create(CultureInfo.InvariantCulture, $"exact-{++exact}");
            findings.AddRange(set.Select(image => new AuditFinding(image.RelativePath, AuditIssue.ExactDuplicate, 1.0, group)));
        }

        // Near: pairs of different content within the distance, grouped by union-find; each member's score is
        // 1 - (its closest member's distance) / 64.
        var parent = Enumerable.Range(0, images.Count).ToArray();
        var closest = Enumerable.Repeat(int.MaxValue, images.Count).ToArray();
        var hashes = images.Select(image => image.Hash).ToArray();

        // A flat image's hash is its noise, not its content: blank images are not near-duplicates of each other.
        var flat = images.Select(image => image.Measures.Entropy < MinEntropy).ToArray();
        for (var i = 0; i < hashes.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var j = i + 1; j < hashes.Length && !flat[i]; j++)
            {
                if (flat[j])
                {
                    continue;
                }

                var distance = PerceptualHash.Distance(hashes[i], hashes[j]);
                var near = distance <= maxDistance
                    || (features is not null && distance <= FeatureCheckDistance && FeatureExtractor.Cosine(features, i, j) >= DefaultMinCosine);
                if (near && !string.Equals(images[i].Sha256, images[j].Sha256, StringComparison.Ordinal))
                {
                    closest[i] = Math.Min(closest[i], distance);
                    closest[j] = Math.Min(closest[j], distance);
                    UnionFind.Union(parent, i, j);
                }
            }
        }

        var nearGroups = 0;
        foreach (var set in Enumerable.Range(0, images.Count).Where(i => closest[i] != int.MaxValue).GroupBy(i => UnionFind.Find(parent, i)).OrderBy(g => g.Min()))
        {
            var group = string.Create(CultureInfo.InvariantCulture, $"near-{++nearGroups}");
            findings.AddRange(set.Select(i => new AuditFinding(images[i].RelativePath, AuditIssue.NearDuplicate, 1.0 - (closest[i] / 64.0), group)));
        }

        return findings;
    }
}

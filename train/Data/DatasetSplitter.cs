namespace ActressOnnx.Train.Data;

/// <summary>Splits a dataset into training and validation sets, reproducibly for a given seed.</summary>
internal static class DatasetSplitter
{
    public const int DefaultSeed = 42;
    public const double DefaultValidFraction = 0.2;

    /// <summary>
    /// Puts a <paramref name="validFraction"/> of each class (rounded, but never a class's last example) into the
    /// validation set, chosen by a seeded shuffle, so small classes are represented on both sides.
    /// </summary>
    /// <param name="labels">The class index of each example, in dataset order.</param>
    /// <param name="validFraction">In [0, 1); 0 gives an empty validation set.</param>
    /// <param name="seed">The same seed and labels always give the same split.</param>
    /// <param name="groups">
    /// Optional duplicate group of each example (-1: none). Every group ends up on one side, the side most of its
    /// members were dealt to (training on a tie), so a near-copy of a validation image is never trained on.
    /// </param>
    public static DatasetSplit Split(IReadOnlyList<int> labels, double validFraction, int seed, IReadOnlyList<int>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (double.IsNaN(validFraction) || validFraction < 0 || validFraction >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(validFraction), validFraction, "The validation fraction must be at least 0 and less than 1.");
        }

        var random = new SeededRandom(seed);
        var train = new List<int>();
        var valid = new List<int>();
        foreach (var classIndices in labels.Select((label, index) => (label, index)).GroupBy(x => x.label).OrderBy(g => g.Key))
        {
            var indices = classIndices.Select(x => x.index).ToArray();
            random.Shuffle(indices.AsSpan());
            var validCount = Math.Min((int)Math.Round(indices.Length * validFraction, MidpointRounding.AwayFromZero), indices.Length - 1);
            valid.AddRange(indices[..validCount]);
            train.AddRange(indices[validCount..]);
        }

        var kept = groups is null ? 0 : KeepGroupsTogether(groups, train, valid);
        train.Sort();
        valid.Sort();
        return new DatasetSplit([.. train], [.. valid], kept);
    }

    private static int KeepGroupsTogether(IReadOnlyList<int> groups, List<int> train, List<int> valid)
    {
        var inValid = valid.ToHashSet();
        var sets = Enumerable.Range(0, groups.Count).Where(i => groups[i] >= 0).GroupBy(i => groups[i]).Where(g => g.Count() > 1).ToList();
        foreach (var set in sets)
        {
            var toValid = set.Count(inValid.Contains) * 2 > set.Count();
            foreach (var member in set)
            {
                if (toValid && inValid.Add(member))
                {
                    train.Remove(member);
                    valid.Add(member);
                }
                else if (!toValid && inValid.Remove(member))
                {
                    valid.Remove(member);
                    train.Add(member);
                }
            }
        }

        return sets.Count;
    }
}

using ActressOnnx.Train.Data;

namespace ActressOnnx.Train.Tests.Data;

public class DatasetSplitterTests
{
    // 3 classes of uneven size, interleaved the way a real dataset list would not be, to exercise the grouping.
    private static readonly int[] Labels = [.. Enumerable.Range(0, 50).Select(i => i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : i < 25 ? 2 : 1)];

    [Fact]
    public void Split_WithSameSeed_GivesSameSplit()
    {
        var first = DatasetSplitter.Split(Labels, 0.2, seed: 42);
        var second = DatasetSplitter.Split(Labels, 0.2, seed: 42);

        Assert.Equal(first.Train, second.Train);
        Assert.Equal(first.Valid, second.Valid);
    }

    [Fact]
    public void Split_WithSeed42_GivesThePinnedSplit()
    {
        // Pinned so a change of generator or algorithm, which would silently change every user's split, fails here.
        var split = DatasetSplitter.Split([0, 0, 0, 0, 0, 1, 1, 1, 1, 1], 0.4, seed: 42);

        Assert.Equal([1, 2, 8, 9], split.Valid);
    }

    [Fact]
    public void Split_WithDifferentSeeds_GivesDifferentSplits()
    {
        var first = DatasetSplitter.Split(Labels, 0.2, seed: 1);
        var second = DatasetSplitter.Split(Labels, 0.2, seed: 2);

        Assert.NotEqual(first.Valid, second.Valid);
    }

    [Fact]
    public void Split_IsDisjointAndCoversEveryIndexOnce()
    {
        var split = DatasetSplitter.Split(Labels, 0.3, seed: 7);

        Assert.Empty(split.Train.Intersect(split.Valid));
        Assert.Equal(Enumerable.Range(0, Labels.Length), split.Train.Concat(split.Valid).Order());
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.5)]
    public void Split_HonoursTheFractionInEveryClass(double fraction)
    {
        var split = DatasetSplitter.Split(Labels, fraction, seed: 42);

        foreach (var classGroup in Labels.Select((label, index) => (label, index)).GroupBy(x => x.label))
        {
            var classSize = classGroup.Count();
            var validInClass = split.Valid.Count(index => Labels[index] == classGroup.Key);
            Assert.Equal((int)Math.Round(classSize * fraction, MidpointRounding.AwayFromZero), validInClass);
        }
    }

    [Fact]
    public void Split_WithZeroFraction_PutsEverythingInTraining()
    {
        var split = DatasetSplitter.Split(Labels, 0, seed: 42);

        Assert.Empty(split.Valid);
        Assert.Equal(Labels.Length, split.Train.Length);
    }

    [Fact]
    public void Split_NeverTakesAClassesLastTrainingImage()
    {
        var split = DatasetSplitter.Split([0, 1, 1], 0.9, seed: 42);

        Assert.Contains(0, split.Train);
        Assert.Single(split.Valid);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Split_WithFractionOutOfRange_Throws(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplitter.Split(Labels, fraction, seed: 42));
    }

    [Fact]
    public void Split_WithGroups_KeepsEachGroupOnOneSideAndCountsThem()
    {
        var labels = Enumerable.Range(0, 40).Select(i => i % 2).ToArray();
        var groups = Enumerable.Repeat(-1, 40).ToArray();
        int[][] sets = [[0, 1, 2, 3], [10, 12], [21, 30, 31], [5, 7, 9, 11, 13]];
        for (var g = 0; g < sets.Length; g++)
        {
            foreach (var member in sets[g])
            {
                groups[member] = g;
            }
        }

        var split = DatasetSplitter.Split(labels, 0.3, seed: 42, groups);

        Assert.Equal(sets.Length, split.GroupsKeptTogether);
        var valid = split.Valid.ToHashSet();
        Assert.All(sets, set => Assert.Single(set.Select(valid.Contains).Distinct()));
        Assert.Equal(Enumerable.Range(0, 40), split.Train.Concat(split.Valid).Order());
        Assert.Equal(split, DatasetSplitter.Split(labels, 0.3, seed: 42, groups), new SplitComparer());
    }

    [Fact]
    public void Split_WithNoGroups_IsTheUngroupedSplit()
    {
        var plain = DatasetSplitter.Split(Labels, 0.2, seed: 42);
        var grouped = DatasetSplitter.Split(Labels, 0.2, seed: 42, Enumerable.Repeat(-1, Labels.Length).ToArray());

        Assert.Equal(plain.Valid, grouped.Valid);
        Assert.Equal(0, grouped.GroupsKeptTogether);
    }

    private sealed class SplitComparer : IEqualityComparer<DatasetSplit>
    {
        public bool Equals(DatasetSplit? x, DatasetSplit? y) => x!.Train.SequenceEqual(y!.Train) && x.Valid.SequenceEqual(y.Valid);

        public int GetHashCode(DatasetSplit obj) => obj.Train.Length;
    }
}

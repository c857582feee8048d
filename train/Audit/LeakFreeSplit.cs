using System.Globalization;
using ActressOnnx.Train.Data;

namespace ActressOnnx.Train.Audit;

/// <summary>
/// The train/validation split every command uses: <see cref="DatasetSplitter"/> with the duplicate sets of the
/// dataset's audit (DATA-audit/issues.jsonl) kept on one side, so validation never scores a copy of a training image.
/// </summary>
internal static class LeakFreeSplit
{
    /// <exception cref="DatasetException">The audit's findings file is damaged.</exception>
    public static DatasetSplit Create(string dataDirectory, DecodedImages data, double validFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        int[]? groups;
        try
        {
            groups = DuplicateGroups.Load(dataDirectory, data.Paths);
        }
        catch (InvalidDataException ex)
        {
            throw new DatasetException(ex.Message);
        }

        return DatasetSplitter.Split(data.Targets, validFraction, seed, groups);
    }

    /// <summary>The line <c>train</c> prints about it.</summary>
    public static string Describe(string dataDirectory, DatasetSplit split) =>
        File.Exists(DuplicateGroups.IssuesPath(dataDirectory))
            ? string.Create(CultureInfo.InvariantCulture, $"Duplicates: {split.GroupsKeptTogether} exact/near-duplicate group(s) from {DuplicateGroups.IssuesPath(dataDirectory)} kept on one side of the split")
            : $"Duplicates: no audit of this dataset, so copies may sit on both sides of the split (run 'actressonnx audit --data {dataDirectory}' first to keep them together)";
}

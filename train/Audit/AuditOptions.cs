namespace ActressOnnx.Train.Audit;

/// <summary>What <c>audit</c> checks and how.</summary>
internal sealed record AuditOptions
{
    public const int DefaultSize = 64;
    public const int DefaultFolds = 5;

    public required string DataDirectory { get; init; }

    /// <summary>Where issues.jsonl and report.html go; null for <c>DATA-audit</c> beside the dataset.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Side of the square every image is decoded to once (hash, statistics, features).</summary>
    public int Size { get; init; } = DefaultSize;

    /// <summary>Largest Hamming distance between perceptual hashes that still counts as a near-duplicate.</summary>
    public int MaxHashDistance { get; init; } = DuplicateFinder.DefaultMaxDistance;

    /// <summary>Folds of the out-of-sample label check; 0 skips the label check.</summary>
    public int Folds { get; init; } = DefaultFolds;

    /// <summary>Compute ImageNet features (label check and feature-confirmed near-duplicates); false: hashes and statistics only.</summary>
    public bool Features { get; init; } = true;

    public int Seed { get; init; } = 42;

    /// <summary>A state dict for the feature body instead of the ImageNet package (tests); null for ImageNet.</summary>
    public string? WeightsFile { get; init; }

    public string ResolvedOutputDirectory => OutputDirectory ?? DefaultOutputDirectory(DataDirectory);

    public static string DefaultOutputDirectory(string dataDirectory) =>
        Path.GetFullPath(dataDirectory).TrimEnd(Path.DirectorySeparatorChar) + "-audit";

    /// <exception cref="ArgumentException">An option is out of range, with what to pass instead.</exception>
    public AuditOptions Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DataDirectory);
        // The CNTK ResNet18 pads asymmetrically; its shortcut and main paths line up only at multiples of 32.
        if (Size is < PerceptualHash.Size or > 512 || Size % 32 != 0)
        {
            throw new ArgumentException($"--size {Size} is not supported; pass a multiple of 32 from {PerceptualHash.Size} to 512 (default {DefaultSize}).");
        }

        if (!Features && Folds > 0)
        {
            throw new ArgumentException("The label check needs ImageNet features; pass --folds 0 with --no-features.");
        }

        if (MaxHashDistance is < 0 or > 32)
        {
            throw new ArgumentException($"--hash-distance {MaxHashDistance} is out of range; pass 0 to 32 (default {DuplicateFinder.DefaultMaxDistance}).");
        }

        if (Folds is 1 or < 0 or > 20)
        {
            throw new ArgumentException($"--folds {Folds} is out of range; pass 2 to 20, or 0 to skip the label check (default {DefaultFolds}).");
        }

        return this;
    }
}

namespace ActressOnnx.Train.Gather;

/// <summary>What <see cref="ImageGatherer"/> collects per class and where it stores it.</summary>
internal sealed class GatherOptions
{
    /// <summary>The dataset folder: one sub-folder per class, manifests beside them.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Images to keep per class (default 150).</summary>
    public int ImagesPerClass { get; init; } = 150;

    /// <summary>The most search results looked at per class; null means three times <see cref="ImagesPerClass"/>.</summary>
    public int? MaxResultsPerClass { get; init; }

    /// <summary>Images with a side shorter than this are skipped (default 128, as fastai asks the search for).</summary>
    public int MinSide { get; init; } = 128;

    /// <summary>Downloads in flight at once (default 8).</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>Downloads larger than this are abandoned (default 20 MiB).</summary>
    public long MaxImageBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>Try again URLs whose earlier download failed, instead of skipping them as done.</summary>
    public bool RetryFailed { get; init; }

    /// <summary>Keep only images under these licences (needs a provider that reports licences); null keeps any.</summary>
    public LicenceFilter? Licences { get; init; }

    /// <summary>Keep images that look like one already kept (perceptual hash); by default they are recorded as near-duplicates and not stored.</summary>
    public bool KeepNearDuplicates { get; init; }

    public int EffectiveMaxResults => MaxResultsPerClass ?? checked(ImagesPerClass * 3);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> with a message naming the bad value.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            throw new ArgumentOutOfRangeException(nameof(OutputDirectory), "Give an output folder.");
        }

        if (ImagesPerClass < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ImagesPerClass), "Keep at least one image per class.");
        }

        if (EffectiveMaxResults < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxResultsPerClass), "Look at one search result per class at least.");
        }

        if (MinSide < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinSide), "The minimum side cannot be negative.");
        }

        if (Concurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Concurrency), "Allow at least one download at a time.");
        }

        if (MaxImageBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxImageBytes), "The image size limit must be positive.");
        }
    }
}

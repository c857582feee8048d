using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using ActressOnnx.Train.IO;

namespace ActressOnnx.Train.Gather;

/// <summary>
/// Fills one folder per class with usable images: asks the source for candidate URLs, downloads them
/// concurrently, keeps what the shared decoder reads at the minimum size, stores each distinct content once
/// under its SHA-256 name, and records every URL in the class manifest. Running it again resumes: URLs in the
/// manifest are not fetched again, and a class that already has its images makes no request at all. At the end, images
/// kept in more than one class are reported and marked in the manifests (<see cref="CrossClassDuplicateFinder"/>).
/// </summary>
internal sealed class ImageGatherer(IImageUrlSource source, ImageDownloadClient downloads, ImageVetter vetter, GatherOptions options, IGatherProgress progress)
{
    public async Task<GatherReport> GatherAsync(IReadOnlyList<ClassSpec> classes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classes);
        options.Validate();
        var duplicateName = classes.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicateName is not null)
        {
            throw new ArgumentException($"Class '{duplicateName.Key}' is given more than once; each class needs its own folder name.", nameof(classes));
        }

        Directory.CreateDirectory(options.OutputDirectory);
        AtomicFile.DeleteLeftovers(options.OutputDirectory);
        var summaries = new List<ClassSummary>(classes.Count);
        foreach (var spec in classes)
        {
            summaries.Add(await GatherClassAsync(spec, cancellationToken).ConfigureAwait(false));
        }

        var duplicates = CrossClassDuplicateFinder.MarkAll(options.OutputDirectory, [.. classes.Select(c => c.Name)]);
        return new GatherReport(summaries, duplicates);
    }

    private async Task<ClassSummary> GatherClassAsync(ClassSpec spec, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(options.OutputDirectory, spec.Name);
        Directory.CreateDirectory(folder);
        AtomicFile.DeleteLeftovers(folder);
        var state = new ClassState(spec, folder, ClassManifest.Load(ClassManifest.PathFor(options.OutputDirectory, spec.Name)));
        progress.ClassStarted(spec, options.ImagesPerClass, state.Kept);

        if (state.Kept < options.ImagesPerClass)
        {
            using var enough = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = enough.Token };
            try
            {
                await Parallel.ForEachAsync(NewCandidatesAsync(state, enough.Token), parallel, async (candidate, token) =>
                {
                    var outcome = await FetchAsync(spec, candidate, token).ConfigureAwait(false);
                    if (Record(state, outcome))
                    {
                        await enough.CancelAsync().ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (enough.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // The class has its images; downloads still in flight were stopped and are not recorded.
            }
        }

        var summary = ClassSummary.FromEntries(spec.Name, state.Manifest.Entries);
        progress.ClassFinished(summary);
        return summary;
    }

    private async IAsyncEnumerable<ImageCandidate> NewCandidatesAsync(ClassState state, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var candidate in source.FindImageUrlsAsync(state.Spec.Query, options.EffectiveMaxResults, cancellationToken).ConfigureAwait(false))
        {
            if (seen.Add(candidate.Url) && state.NeedsFetch(candidate.Url, options.RetryFailed))
            {
                yield return candidate;
            }
        }
    }

    private async Task<Fetched> FetchAsync(ClassSpec spec, ImageCandidate candidate, CancellationToken cancellationToken)
    {
        var url = candidate.Url;
        if (NotToDownload(candidate) is (var status, var reason))
        {
            return new Fetched(candidate.Describe(new ManifestEntry(url, spec.Query, null, null, null, null, status, reason, null)), null, null);
        }

        var download = await downloads.DownloadAsync(url, cancellationToken).ConfigureAwait(false);
        if (download.Bytes is not { } bytes)
        {
            return new Fetched(candidate.Describe(new ManifestEntry(url, spec.Query, null, null, null, null, GatherStatus.Failed, download.FailureReason, null)), null, null);
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var check = await vetter.CheckAsync(bytes, cancellationToken).ConfigureAwait(false);
        var entry = candidate.Describe(new ManifestEntry(url, spec.Query, sha256, bytes.LongLength, check.Info?.Width, check.Info?.Height, check.Status, check.Reason, null,
            PerceptualHash: check.Hash?.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)));
        return check.Status == GatherStatus.Kept ? new Fetched(entry, bytes, check.Info!.Extension) : new Fetched(entry, null, null);
    }

    /// <summary>Why <paramref name="candidate"/> is not downloaded (the source offers no image for it, or <c>--licence</c> excludes it), or null.</summary>
    private (GatherStatus Status, string Reason)? NotToDownload(ImageCandidate candidate)
    {
        if (candidate.Problem is { } problem)
        {
            return (GatherStatus.Failed, problem);
        }

        return options.Licences is { } licences && !licences.Allows(candidate.Licence, out var reason) ? (GatherStatus.Excluded, reason!) : null;
    }

    /// <summary>Stores and records one outcome; returns true when the class has reached its target.</summary>
    private bool Record(ClassState state, Fetched fetched)
    {
        lock (state)
        {
            if (state.Kept >= options.ImagesPerClass)
            {
                return true;
            }

            var entry = fetched.Entry;
            if (fetched.BytesToKeep is { } bytes)
            {
                entry = Store(state, entry, bytes, fetched.Extension!, options.KeepNearDuplicates);
            }

            try
            {
                state.Manifest.Record(entry);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new GatherStorageException(state.Manifest.Path, ex);
            }

            progress.EntryRecorded(state.Spec, entry, state.Kept);
            return state.Kept >= options.ImagesPerClass;
        }
    }

    private static ManifestEntry Store(ClassState state, ManifestEntry entry, byte[] bytes, string extension, bool keepNearDuplicates)
    {
        var sha256 = entry.Sha256!;
        if (state.KeptFiles.TryGetValue(sha256, out var existing))
        {
            return entry with { Status = GatherStatus.Duplicate, Reason = "same bytes as an image already kept", File = existing };
        }

        if (!keepNearDuplicates && state.FindNearDuplicate(entry.PerceptualHash) is { } near)
        {
            return entry with { Status = GatherStatus.NearDuplicate, Reason = $"looks like {near.File} (perceptual hashes {near.Distance} of 64 bits apart)", File = near.File };
        }

        // The name comes from the content, never from the URL: no path traversal, no collisions.
        var fileName = sha256 + extension;
        var path = Path.Combine(state.Folder, fileName);
        if (!File.Exists(path))
        {
            try
            {
                AtomicFile.Write(path, bytes);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new GatherStorageException(path, ex);
            }
        }

        state.AddKept(sha256, fileName, entry.PerceptualHash);
        return entry with { File = fileName };
    }

    private sealed record Fetched(ManifestEntry Entry, byte[]? BytesToKeep, string? Extension);
}

using System.Collections.Concurrent;
using ActressOnnx.Train.IO;

namespace ActressOnnx.Train.Gather;

/// <summary>
/// Checks a folder-per-class dataset (gathered by hand or by <c>gather</c>) the way <c>gather</c> checks downloads,
/// and moves every file that is not a usable image into a quarantine folder beside the dataset
/// (<c>DATA-quarantine/CLASS/FILE</c>), so training never sees it and nothing is deleted.
/// Files directly in the dataset folder (manifests, notes) are not images of any class and are left alone.
/// </summary>
internal sealed class DatasetVerifier(ImageVetter vetter)
{
    public static string QuarantineDirectoryFor(string dataDirectory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        return Path.Combine(Path.GetDirectoryName(full) ?? full, Path.GetFileName(full) + "-quarantine");
    }

    /// <exception cref="DirectoryNotFoundException">The dataset folder does not exist.</exception>
    public VerifyResult Verify(string dataDirectory, CancellationToken cancellationToken)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Dataset folder '{root}' does not exist; give the folder that holds one sub-folder per class.");
        }

        var files = Directory.EnumerateDirectories(root)
            .SelectMany(classFolder => Directory.EnumerateFiles(classFolder, "*", SearchOption.AllDirectories))
            .Where(path => !AtomicFile.IsTemporary(path))
            .ToList();

        var bad = new ConcurrentBag<(string Path, string Reason)>();
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.ForEach(files, parallel, path =>
        {
            var check = vetter.Check(File.ReadAllBytes(path));
            if (check.Status != GatherStatus.Kept)
            {
                bad.Add((path, check.Reason ?? check.Status.ToString()));
            }
        });

        var quarantineRoot = QuarantineDirectoryFor(root);
        var moved = new List<QuarantinedFile>();
        foreach (var (path, reason) in bad.OrderBy(b => b.Path, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(root, path);
            var target = FreePath(Path.Combine(quarantineRoot, relative));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(path, target);
            moved.Add(new QuarantinedFile(relative, target, reason));
        }

        return new VerifyResult(files.Count, quarantineRoot, moved);
    }

    /// <summary>The path, or the path with " (2)", " (3)"... before the extension when a file is already there.</summary>
    private static string FreePath(string path)
    {
        var candidate = path;
        for (var n = 2; File.Exists(candidate); n++)
        {
            candidate = Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileNameWithoutExtension(path)} ({n}){Path.GetExtension(path)}");
        }

        return candidate;
    }
}

namespace ActressOnnx.Train.Data;

/// <summary>
/// A folder-per-class dataset: each non-hidden sub-folder of <see cref="Root"/> is a class named after it, and
/// the image files anywhere below it (hidden files and folders skipped) are its examples.
/// </summary>
internal sealed record ImageFolder(string Root, IReadOnlyList<string> Labels, IReadOnlyList<LabeledFile> Files)
{
    /// <summary>Lists classes (ordinal order) and their image files (ordinal order of relative path).</summary>
    /// <exception cref="DatasetException">The folder is missing, has fewer than two classes, or a class has no images.</exception>
    public static ImageFolder Scan(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw new DatasetException($"Dataset folder '{root}' does not exist. Pass a folder with one sub-folder of images per class.");
        }

        var classFolders = new DirectoryInfo(fullRoot)
            .EnumerateDirectories()
            .Where(folder => !IsHidden(folder))
            .OrderBy(folder => folder.Name, StringComparer.Ordinal)
            .ToList();
        if (classFolders.Count < 2)
        {
            throw new DatasetException(
                $"Dataset folder '{root}' has {classFolders.Count} class folder(s); training needs at least 2. " +
                "Put each class's images in its own sub-folder named after the class.");
        }

        var labels = classFolders.Select(folder => folder.Name).ToList();
        var files = new List<LabeledFile>();
        for (var label = 0; label < classFolders.Count; label++)
        {
            var classFiles = ListImages(classFolders[label]);
            if (classFiles.Count == 0)
            {
                throw new DatasetException(
                    $"Class folder '{classFolders[label].FullName}' has no images ({string.Join(' ', ImageFileExtensions.All)}). " +
                    "Add images to it or remove it.");
            }

            files.AddRange(classFiles.Select(path => new LabeledFile(path, label)));
        }

        return new ImageFolder(fullRoot, labels, files);
    }

    /// <summary>How many files each class has, in label order.</summary>
    public int[] CountPerClass()
    {
        var counts = new int[Labels.Count];
        foreach (var file in Files)
        {
            counts[file.Label]++;
        }

        return counts;
    }

    private static List<string> ListImages(DirectoryInfo classFolder)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        };
        return classFolder
            .EnumerateFiles("*", options)
            .Select(file => Path.GetRelativePath(classFolder.FullName, file.FullName))
            .Where(relative => !relative.Split(Path.DirectorySeparatorChar).Any(segment => segment.StartsWith('.')))
            .Where(ImageFileExtensions.IsImage)
            .Order(StringComparer.Ordinal)
            .Select(relative => Path.Combine(classFolder.FullName, relative))
            .ToList();
    }

    private static bool IsHidden(DirectoryInfo folder) =>
        folder.Name.StartsWith('.') || folder.Attributes.HasFlag(FileAttributes.Hidden);
}

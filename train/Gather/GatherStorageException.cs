namespace ActressOnnx.Train.Gather;

/// <summary>
/// Writing to the dataset folder failed (disk full, no permission, a folder where a file should be): the one kind of
/// error that stops a gather, because every later image would fail the same way. Names the file it could not write.
/// </summary>
internal sealed class GatherStorageException(string path, Exception innerException)
    : IOException($"Could not write '{path}': {innerException.Message}", innerException)
{
    /// <summary>The file that could not be written.</summary>
    public string Path { get; } = path;
}

namespace ActressOnnx.Train.Clean;

/// <summary>
/// Keeps two processes (two `clean` servers, or a server and `clean --undo`) from changing one dataset at the same
/// time: an exclusive handle on <c>DATA/.clean.lock</c> for the length of one apply or undo.
/// </summary>
internal sealed class DatasetLock : IDisposable
{
    private const string FileName = ".clean.lock";
    private readonly FileStream stream;

    private DatasetLock(FileStream stream) => this.stream = stream;

    /// <exception cref="CleanException">Another process holds the lock.</exception>
    public static DatasetLock Acquire(string dataRoot)
    {
        var path = Path.Combine(dataRoot, FileName);
        try
        {
            return new DatasetLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            throw new CleanException(409, "dataset_busy", $"Another clean is changing '{dataRoot}' right now; wait for it to finish and try again.");
        }
    }

    public void Dispose() => stream.Dispose();
}

namespace ActressOnnx.Train.Clean;

/// <summary>
/// One line of the clean log: one file moved. Paths are relative to the folder that holds the dataset (so they read
/// <c>data/cats/x.jpg</c> and <c>data-quarantine/cats/x.jpg</c>) and stay valid when that folder is moved.
/// </summary>
/// <param name="Batch">The apply (or undo) this change belongs to.</param>
/// <param name="Time">When the file was moved (UTC).</param>
/// <param name="Action"><c>delete</c> (into quarantine), <c>move</c> (into another class) or <c>restore</c> (an undo).</param>
/// <param name="Undoes">For <c>restore</c>: the batch it undoes.</param>
/// <param name="ManifestUrl">For <c>move</c>: the gather URL recorded as kept in the target class's manifest, if the image came from gather.</param>
internal sealed record CleanLogEntry(
    string Batch,
    DateTimeOffset Time,
    string Action,
    string From,
    string To,
    string Sha256,
    string? Undoes = null,
    string? ManifestUrl = null)
{
    public const string Delete = "delete";
    public const string Move = "move";
    public const string Restore = "restore";
}

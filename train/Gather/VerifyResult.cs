namespace ActressOnnx.Train.Gather;

/// <summary>What <see cref="DatasetVerifier"/> found.</summary>
/// <param name="Checked">Files looked at.</param>
/// <param name="QuarantineDirectory">The folder bad files were moved to.</param>
/// <param name="Quarantined">The files moved, sorted by path.</param>
internal sealed record VerifyResult(int Checked, string QuarantineDirectory, IReadOnlyList<QuarantinedFile> Quarantined)
{
    public int Usable => Checked - Quarantined.Count;
}

namespace ActressOnnx.Train.Gather;

/// <summary>A file <c>verify</c> moved out of the dataset.</summary>
/// <param name="RelativePath">Where it was, relative to the dataset folder.</param>
/// <param name="QuarantinePath">Where it is now.</param>
/// <param name="Reason">Why it was moved.</param>
internal sealed record QuarantinedFile(string RelativePath, string QuarantinePath, string Reason);

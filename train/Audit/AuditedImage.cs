namespace ActressOnnx.Train.Audit;

/// <summary>What the audit learnt about one decodable image.</summary>
/// <param name="Index">Position in <see cref="AuditInput.Images"/> and in its pixel buffer.</param>
/// <param name="RelativePath">Relative to the dataset folder, '/'-separated.</param>
/// <param name="Label">Index of the class folder it is in.</param>
/// <param name="Sha256">Hex SHA-256 of the file's bytes.</param>
/// <param name="Hash">64-bit DCT perceptual hash of the decoded image.</param>
internal sealed record AuditedImage(int Index, string RelativePath, int Label, string Sha256, ulong Hash, ImageMeasures Measures);

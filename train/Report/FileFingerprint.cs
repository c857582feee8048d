using System.Security.Cryptography;

namespace ActressOnnx.Train.Report;

/// <summary>Size, last write time and SHA-256 of a file: how scoring and cleaning tell that a file changed.</summary>
internal sealed record FileFingerprint(long Bytes, DateTime Modified, string Sha256)
{
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static FileFingerprint Of(string path)
    {
        var info = new FileInfo(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new FileFingerprint(info.Length, info.LastWriteTimeUtc, hash);
    }

    /// <summary>True when the file at <paramref name="path"/> still has this fingerprint (a missing file does not).</summary>
    public bool Matches(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != Bytes)
        {
            return false;
        }

        try
        {
            return Of(path).Sha256 == Sha256;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

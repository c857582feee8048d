namespace ActressOnnx.Train.Gather;

/// <summary>The bytes of a download, or why there are none.</summary>
internal sealed record DownloadResult(byte[]? Bytes, string? FailureReason)
{
    public bool Succeeded => Bytes is not null;

    public static DownloadResult Success(byte[] bytes) => new(bytes, null);

    public static DownloadResult Failure(string reason) => new(null, reason);
}

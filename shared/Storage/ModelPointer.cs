namespace ActressOnnx.Storage;

/// <summary>
/// The content of <c>&lt;model-name&gt;/current.json</c>: which published version is served.
/// </summary>
/// <param name="Version">The version, a UTC timestamp <c>yyyyMMddTHHmmssfffZ</c> that sorts in publish order.</param>
/// <param name="BlobName">The model blob, <c>&lt;model-name&gt;/&lt;version&gt;/model.onnx</c>.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the model file.</param>
/// <param name="PublishedAt">When the version was published.</param>
public sealed record ModelPointer(string Version, string BlobName, string Sha256, DateTimeOffset PublishedAt);

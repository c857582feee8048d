namespace ActressOnnx.Train.Clean;

/// <summary>A clean request that cannot be carried out as asked; nothing was changed on disk.</summary>
/// <param name="StatusCode">The HTTP status the page gets: 400 for a bad request, 409 when files or the page are out of date.</param>
/// <param name="Code">A short machine-readable reason (the problem's <c>code</c>).</param>
internal sealed class CleanException(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Code { get; } = code;
}

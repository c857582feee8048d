namespace ActressOnnx.Functions.Tests.Worker;

/// <summary>One request and the answer both hosts must give it.</summary>
/// <param name="Name">Shown in test output.</param>
/// <param name="Method">GET or POST.</param>
/// <param name="Route">The function's route under /api: predict or health.</param>
/// <param name="ContentType">The request's Content-Type, or null.</param>
/// <param name="Body">The request body (empty for GET).</param>
/// <param name="Status">The expected status code.</param>
/// <param name="Expected">For 200 predict, the label; for 200 health, "ok"; for errors, the problem code.</param>
public sealed record ServingCase(string Name, string Method, string Route, string? ContentType, byte[] Body, int Status, string Expected)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}

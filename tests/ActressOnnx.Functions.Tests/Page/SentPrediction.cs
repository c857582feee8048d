namespace ActressOnnx.Functions.Tests.Page;

/// <summary>A <c>POST /api/predict</c> as the page sent it: headers (lower-case names) and body.</summary>
internal sealed record SentPrediction(IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>The header's value, or null when the page did not send it.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

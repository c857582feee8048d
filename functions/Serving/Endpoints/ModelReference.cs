namespace ActressOnnx.Serving.Endpoints;

/// <summary>Which model answered.</summary>
/// <param name="Name">The model's name in storage.</param>
/// <param name="Version">The published version.</param>
public sealed record ModelReference(string Name, string Version);

namespace ActressOnnx.Serving.ModelLifecycle;

/// <summary>What the service can serve right now: a model, or the reason it has none.</summary>
/// <param name="Model">The loaded model, or null.</param>
/// <param name="Reason">Why no model is served (null when <paramref name="Model"/> is set).</param>
/// <param name="Code">A short machine-readable reason: loading, not_configured, not_published, integrity_failed, invalid_model, storage_unavailable.</param>
public sealed record ServingState(LoadedModel? Model, string? Reason, string Code)
{
    /// <summary>The state before the first load finishes.</summary>
    public static ServingState Loading { get; } = new(null, "The model is still being downloaded from Blob Storage; retry in a few seconds.", "loading");

    /// <summary>A state serving <paramref name="model"/>.</summary>
    public static ServingState Serving(LoadedModel model) => new(model, null, "ok");

    /// <summary>A state serving nothing, for <paramref name="reason"/>.</summary>
    public static ServingState Unavailable(string code, string reason) => new(null, reason, code);
}

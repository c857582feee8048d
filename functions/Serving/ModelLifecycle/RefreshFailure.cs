namespace ActressOnnx.Serving.ModelLifecycle;

/// <summary>Why the latest refresh did not serve the published version, while an older one kept serving.</summary>
/// <param name="Version">The version that was refused, when the pointer could be read.</param>
/// <param name="Code">The reason's code: integrity_failed, invalid_model, not_published, storage_unavailable, not_configured.</param>
/// <param name="Reason">What went wrong and what to do.</param>
/// <param name="At">When it happened.</param>
public sealed record RefreshFailure(string? Version, string Code, string Reason, DateTimeOffset At);

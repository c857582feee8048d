using Azure;

namespace ActressOnnx.Storage;

/// <summary>The answer to "has <c>current.json</c> changed since I last read it?".</summary>
/// <param name="Changed">False when the pointer still has the ETag the caller knew (then <paramref name="Current"/> is null).</param>
/// <param name="Current">The pointer when it changed; null when it changed to nothing (deleted, or never published).</param>
/// <param name="ETag">The pointer blob's ETag now; null when there is no pointer.</param>
public sealed record CurrentPointer(bool Changed, ModelPointer? Current, ETag? ETag);

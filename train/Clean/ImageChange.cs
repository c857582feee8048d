namespace ActressOnnx.Train.Clean;

/// <summary>One image's fate: <c>delete</c> (to quarantine) or <c>move</c> to class <see cref="To"/>.</summary>
internal sealed record ImageChange(int Id, string Action, string? To);

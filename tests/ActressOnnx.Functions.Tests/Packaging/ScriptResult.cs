namespace ActressOnnx.Functions.Tests.Packaging;

/// <summary>How a script ended: its exit code and its standard output and error, interleaved.</summary>
public sealed record ScriptResult(int ExitCode, string Output);

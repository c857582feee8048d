namespace ActressOnnx.Train.Commands;

/// <summary>A failure the user can fix; the CLI prints its message as one line and exits with <see cref="ExitCode"/>.</summary>
internal sealed class CliException(string message, int exitCode = 1, Exception? innerException = null)
    : Exception(message, innerException)
{
    public int ExitCode { get; } = exitCode;
}

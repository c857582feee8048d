using System.Diagnostics;
using System.Text;

namespace ActressOnnx.Testing;

/// <summary>Collects a child process's stdout and stderr lines (up to a bound) for failure messages.</summary>
public sealed class ProcessOutput
{
    private const int MaxChars = 64_000;
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    /// <summary>Starts reading both streams of <paramref name="process"/>, which must redirect them and have started.</summary>
    public static ProcessOutput Capture(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var output = new ProcessOutput();
        process.OutputDataReceived += (_, e) => output.Append(e.Data);
        process.ErrorDataReceived += (_, e) => output.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return output;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        lock (_gate)
        {
            return _text.ToString();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_text.Length < MaxChars)
            {
                _text.AppendLine(line);
            }
        }
    }
}

using System.Text;
using Spectre.Console;

namespace ActressOnnx.Train.Commands;

/// <summary>
/// A <see cref="TextWriter"/> that writes whole lines through an <see cref="IAnsiConsole"/>, as plain text (no
/// markup), so that they appear above a live progress display instead of tearing it.
/// </summary>
internal sealed class ConsoleLineWriter(IAnsiConsole console) : TextWriter
{
    private readonly StringBuilder line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        switch (value)
        {
            case '\n':
                console.Write(new Text(line.ToString()));
                console.WriteLine();
                line.Clear();
                break;
            case '\r':
                break;
            default:
                line.Append(value);
                break;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && line.Length > 0)
        {
            Write('\n');
        }

        base.Dispose(disposing);
    }
}

using Spectre.Console;

namespace ActressOnnx.Train.Tests.Commands;

/// <summary>A Spectre.Console console writing plain text (no colours, no live display) into a string.</summary>
internal sealed class CapturedConsole : IDisposable
{
    private readonly StringWriter _writer = new();

    public CapturedConsole()
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_writer),
        });
        Console.Profile.Width = 200;
    }

    public IAnsiConsole Console { get; }

    public string Text => _writer.ToString();

    public void Dispose() => _writer.Dispose();

    public string[] Lines => Text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

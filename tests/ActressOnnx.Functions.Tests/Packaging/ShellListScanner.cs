using System.Text.RegularExpressions;

namespace ActressOnnx.Functions.Tests.Packaging;

/// <summary>
/// Walks a bash command list (already free of here-document bodies and line continuations) and adds the first word of
/// every simple command to a set, recursing into <c>$( )</c>; see <see cref="ShellCommandScanner"/> for what it skips.
/// </summary>
internal sealed partial class ShellListScanner(string text, HashSet<string> found)
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "in", "function",
        "select", "time", "!", "{", "}", "[[", "]]",
    };

    private static readonly HashSet<string> Builtins = new(StringComparer.Ordinal)
    {
        "echo", "printf", "cd", "set", "export", "local", "trap", "kill", "read", "test", "[", "exit", "return", "wait",
        "source", ".", "shift", "true", "false", "command", "eval", "exec", "declare", "readonly", "unset", "let", "pwd",
        "type", "hash", "mapfile", "readarray", "getopts", "continue", "break", "umask", "ulimit", ":", "builtin",
    };

    private bool _atCommandStart = true;
    private bool _skipUntilSeparator;
    private bool _redirectTarget;
    private int _caseDepth;
    private bool _expectPattern;

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^[0-9]*(>>?|<<?<?|&>|>&|<&)")]
    private static partial Regex Redirection();

    public void ScanList(int start, int end)
    {
        _atCommandStart = true;
        var i = start;
        while (i < end)
        {
            var c = text[i];
            if (c == '#' && (i == start || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is ';' or '(' or '&' or '|'))
            {
                while (i < end && text[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (c is ' ' or '\t' or '\r')
            {
                i++;
                continue;
            }

            if (c is '\n' or ';' or '&' or '|' or '(' or ')')
            {
                i = Separator(i, end);
                continue;
            }

            var wordEnd = ScanWord(i, end);
            Word(text[i..wordEnd]);
            i = wordEnd;
        }
    }

    private int Separator(int i, int end)
    {
        var c = text[i];
        if (c == ';' && i + 1 < end && text[i + 1] == ';')
        {
            // ";;" ends a case branch: the next word is a pattern.
            _expectPattern = _caseDepth > 0;
            NewCommand();
            return i + 2;
        }

        if (c == ')' && _expectPattern)
        {
            _expectPattern = false;
            NewCommand();
            return i + 1;
        }

        if (c == '|' && _expectPattern)
        {
            return i + 1;
        }

        NewCommand();
        return i + 1;
    }

    private void NewCommand()
    {
        _atCommandStart = true;
        _skipUntilSeparator = false;
        _redirectTarget = false;
    }

    private void Word(string word)
    {
        if (word == "esac" && _caseDepth > 0 && (_atCommandStart || _expectPattern))
        {
            _caseDepth--;
            _expectPattern = false;
            return;
        }

        if (_expectPattern)
        {
            return;
        }

        if (_redirectTarget)
        {
            _redirectTarget = false;
            return;
        }

        var redirection = Redirection().Match(word);
        if (redirection.Success)
        {
            // "> file" names its target in the next word; ">file" and "2>&1" carry it.
            _redirectTarget = redirection.Length == word.Length;
            return;
        }

        if (!_atCommandStart || _skipUntilSeparator)
        {
            if (word == "in" && _caseDepth > 0 && _skipUntilSeparator)
            {
                _expectPattern = true;
            }

            return;
        }

        if (Assignment().IsMatch(word))
        {
            return;
        }

        switch (word)
        {
            case "case":
                _caseDepth++;
                _skipUntilSeparator = true;
                return;
            case "for" or "select":
                _skipUntilSeparator = true;
                return;
        }

        if (Keywords.Contains(word))
        {
            return;
        }

        _atCommandStart = false;
        if (Builtins.Contains(word) || word.StartsWith('$') || word.StartsWith('"') || word.StartsWith('\'') || word.StartsWith('-') || word.StartsWith('*'))
        {
            return;
        }

        found.Add(word);
    }

    /// <summary>Finds the end of the word at <paramref name="start"/>, scanning the command lists inside any <c>$( )</c> it holds.</summary>
    private int ScanWord(int start, int end)
    {
        var i = start;
        while (i < end)
        {
            var c = text[i];
            if (c == '(' && i > start && text[i - 1] == '=')
            {
                // An array assignment: name=(a b c).
                i = MatchingParenthesis(i + 1, end) + 1;
                continue;
            }

            if (c == '&' && i > start && text[i - 1] is '>' or '<')
            {
                // "2>&1", ">&2": a redirection, not a background job.
                i++;
                continue;
            }

            if (char.IsWhiteSpace(c) || c is ';' or '&' or '|' or '(' or ')')
            {
                // "$(" is consumed with its "$" below; any other "(" starts a subshell or a function definition.
                return i;
            }

            if (c == '\\')
            {
                i += 2;
            }
            else if (c == '\'')
            {
                i = text.IndexOf('\'', i + 1) + 1;
            }
            else if (c == '"')
            {
                i = ScanDoubleQuoted(i + 1, end);
            }
            else if (c == '$' && i + 1 < end && text[i + 1] == '(')
            {
                i = Substitution(i + 2, end);
            }
            else if (c == '$' && i + 1 < end && text[i + 1] == '{')
            {
                i = text.IndexOf('}', i) + 1;
            }
            else
            {
                i++;
            }
        }

        return i;
    }

    private int ScanDoubleQuoted(int i, int end)
    {
        while (i < end && text[i] != '"')
        {
            if (text[i] == '\\')
            {
                i += 2;
            }
            else if (text[i] == '$' && i + 1 < end && text[i + 1] == '(')
            {
                i = Substitution(i + 2, end);
            }
            else
            {
                i++;
            }
        }

        return i + 1;
    }

    /// <summary>Scans the command list of a <c>$( )</c> whose body starts at <paramref name="bodyStart"/>; returns the index after its ")".</summary>
    private int Substitution(int bodyStart, int end)
    {
        var close = MatchingParenthesis(bodyStart, end);
        if (text.AsSpan(bodyStart).StartsWith("("))
        {
            // $(( arithmetic )): only the substitutions inside it run commands.
            for (var i = bodyStart + 1; i < close;)
            {
                i = text[i] == '$' && text[i + 1] == '(' ? Substitution(i + 2, close) : i + 1;
            }

            return close + 1;
        }

        var inner = new ShellListScanner(text, found);
        inner.ScanList(bodyStart, close);
        return close + 1;
    }

    private int MatchingParenthesis(int i, int end)
    {
        var depth = 1;
        while (i < end)
        {
            switch (text[i])
            {
                case '\\':
                    i++;
                    break;
                case '\'':
                    i = text.IndexOf('\'', i + 1);
                    break;
                case '"':
                    i = ScanDoubleQuoted(i + 1, end) - 1;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
            }

            i++;
        }

        throw new FormatException("Unbalanced '$(' in the script.");
    }
}

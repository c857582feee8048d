namespace ActressOnnx.Train.Gather;

/// <summary>
/// One class to gather: the folder it is stored in and what to look for. For search providers
/// <see cref="Query"/> is the search text; for the URL-list provider it is the path of the URL file.
/// </summary>
internal sealed record ClassSpec(string Name, string Query)
{
    /// <summary>
    /// Parses <c>NAME</c>, <c>NAME=QUERY</c> or (URL-list provider) <c>NAME=@FILE</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is not one of those forms or the name is not a safe folder name.</exception>
    public static ClassSpec Parse(string text, GatherProvider provider)
    {
        ArgumentNullException.ThrowIfNull(text);
        var separator = text.IndexOf('=', StringComparison.Ordinal);
        var name = (separator < 0 ? text : text[..separator]).Trim();
        var value = separator < 0 ? null : text[(separator + 1)..].Trim();
        ValidateName(name, text);

        if (provider == GatherProvider.Urls)
        {
            if (value is null || !value.StartsWith('@') || value.Length == 1)
            {
                throw new FormatException($"Class '{text}': the urls provider needs a URL file, as --class {name}=@{name}.txt (one image URL per line).");
            }

            return new ClassSpec(name, value[1..]);
        }

        if (value is not null && value.StartsWith('@'))
        {
            throw new FormatException($"Class '{text}': '@FILE' lists URLs, which only the urls provider reads; add --provider urls or give a search query.");
        }

        var query = string.IsNullOrEmpty(value) ? name : value;
        return new ClassSpec(name, query);
    }

    private static void ValidateName(string name, string text)
    {
        if (name.Length == 0)
        {
            throw new FormatException($"Class '{text}' has no name; use NAME or NAME=QUERY.");
        }

        if (name.StartsWith('.') || name.IndexOfAny(['/', '\\']) >= 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new FormatException($"Class name '{name}' cannot be a folder name: it must not start with '.' or contain '/', '\\' or control characters.");
        }
    }
}

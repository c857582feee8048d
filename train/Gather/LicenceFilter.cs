namespace ActressOnnx.Train.Gather;

/// <summary>
/// The licences <c>--licence</c> allows, by family (<c>cc-by</c>, <c>cc-by-sa</c>, <c>cc0</c>, <c>pd</c>, ...): a licence
/// as a source names it ("CC BY-SA 4.0", "cc-by-sa-3.0", "Public domain") belongs to one family whatever its version
/// or port. An image whose licence is unknown is never allowed: a filter for a shareable dataset cannot guess.
/// </summary>
internal sealed class LicenceFilter
{
    /// <summary>Every family a filter may name.</summary>
    public static readonly IReadOnlyList<string> Families = ["cc0", "pd", "cc-by", "cc-by-sa", "cc-by-nd", "cc-by-nc", "cc-by-nc-sa", "cc-by-nc-nd", "gfdl"];

    private readonly HashSet<string> _allowed;

    private LicenceFilter(HashSet<string> allowed)
    {
        _allowed = allowed;
    }

    /// <summary>The allowed families, in the order given.</summary>
    public IReadOnlyList<string> Allowed { get; private init; } = [];

    /// <summary>Parses a comma-separated list of families, e.g. <c>cc-by,cc-by-sa,cc0,pd</c>.</summary>
    /// <exception cref="FormatException">The list is empty or names a family that does not exist.</exception>
    public static LicenceFilter Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => n.ToLowerInvariant()).Distinct().ToList();
        if (names.Count == 0)
        {
            throw new FormatException($"--licence needs at least one licence family: {string.Join(", ", Families)}.");
        }

        var unknown = names.FirstOrDefault(n => !Families.Contains(n));
        return unknown is null
            ? new LicenceFilter([.. names]) { Allowed = names }
            : throw new FormatException($"--licence: '{unknown}' is not a licence family; use a comma-separated list of {string.Join(", ", Families)}.");
    }

    /// <summary>The family of <paramref name="licence"/> (a short name or code as a source gives it), or null when it is none of <see cref="Families"/>.</summary>
    public static string? FamilyOf(string? licence)
    {
        if (string.IsNullOrWhiteSpace(licence))
        {
            return null;
        }

        var code = licence.Trim().ToLowerInvariant().Replace(' ', '-').Replace('_', '-');
        if (code.StartsWith("cc0", StringComparison.Ordinal) || code.StartsWith("cc-zero", StringComparison.Ordinal))
        {
            return "cc0";
        }

        if (code == "pd" || code.StartsWith("pd-", StringComparison.Ordinal) || code.StartsWith("public-domain", StringComparison.Ordinal))
        {
            return "pd";
        }

        if (code.StartsWith("gfdl", StringComparison.Ordinal))
        {
            return "gfdl";
        }

        if (!code.StartsWith("cc-by", StringComparison.Ordinal))
        {
            return null;
        }

        // cc-by, then its elements (-nc, -nd, -sa), then nothing or a version/port ("-4.0", "-3.0-de").
        var family = "cc-by";
        var rest = code["cc-by".Length..];
        foreach (var element in new[] { "-nc", "-nd", "-sa" })
        {
            if (rest.StartsWith(element, StringComparison.Ordinal))
            {
                family += element;
                rest = rest[element.Length..];
            }
        }

        return (rest.Length == 0 || (rest.Length > 1 && rest[0] == '-' && char.IsAsciiDigit(rest[1]))) && Families.Contains(family) ? family : null;
    }

    /// <summary>Whether an image under <paramref name="licence"/> is kept; when not, <paramref name="reason"/> says why for the manifest.</summary>
    public bool Allows(string? licence, out string? reason)
    {
        var family = FamilyOf(licence);
        if (family is not null && _allowed.Contains(family))
        {
            reason = null;
            return true;
        }

        var allowed = string.Join(",", Allowed);
        reason = licence is null
            ? $"licence unknown; --licence {allowed} keeps only images whose licence the provider reports"
            : $"licence '{licence}' is not one of --licence {allowed}";
        return false;
    }
}

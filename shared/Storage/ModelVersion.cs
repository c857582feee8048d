using System.Globalization;

namespace ActressOnnx.Storage;

/// <summary>Model versions: UTC timestamps with milliseconds, so string order is publish order.</summary>
internal static class ModelVersion
{
    public const string Format = "yyyyMMdd'T'HHmmssfff'Z'";

    public static string From(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset? TryParse(string? version) =>
        DateTimeOffset.TryParseExact(version, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    /// <summary>The next version after <paramref name="previous"/> (if any), and never earlier than <paramref name="now"/>.</summary>
    public static string Next(DateTimeOffset now, string? previous)
    {
        var floor = TryParse(previous)?.AddMilliseconds(1);
        return From(floor is { } f && f > now ? f : now);
    }
}

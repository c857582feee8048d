using ActressOnnx.Train.Report;

namespace ActressOnnx.Train.Audit;

/// <summary>A decoded image as a <c>data:</c> URI (PNG), so the report needs no files beside it.</summary>
internal static class Thumbnail
{
    public static string DataUri(ReadOnlySpan<byte> rgb, int size) =>
        "data:image/png;base64," + Convert.ToBase64String(RgbPng.Encode(rgb, size, size));
}

using System.Globalization;
using ActressOnnx.Imaging;

namespace ActressOnnx.Train.Gather;

/// <summary>
/// Decides whether bytes are a usable image the way the trainer and the service will read them: the shared
/// decoder must recognise the content (sniffed, never trusting names or Content-Type) and decode it, and
/// both sides must be at least <see cref="MinSide"/> pixels. Concurrent checks decode within one shared
/// <see cref="PixelBudget"/> (by default the decoder's per-image limit), so their buffers together stay bounded.
/// </summary>
internal sealed class ImageVetter(ImageDecoder decoder, int minSide, PixelBudget? budget = null)
{
    // A small squish decode exercises the whole pixel path without the cost of a full-size decode.
    private static readonly PreprocessSettings ProbeSettings = new(64, 64, ResizeMethod.Squish);

    public int MinSide { get; } = minSide >= 0 ? minSide : throw new ArgumentOutOfRangeException(nameof(minSide), "The minimum side cannot be negative.");

    /// <summary>The decoded pixels all concurrent <see cref="CheckAsync"/> calls share.</summary>
    public PixelBudget Budget { get; } = budget ?? new PixelBudget(decoder.Options.MaxPixels);

    /// <summary>Checks one image at a time (no budget needed): for sequential callers such as <c>verify</c>.</summary>
    public ImageCheck Check(ReadOnlySpan<byte> bytes)
    {
        if (Identify(bytes, out var info) is { } refused)
        {
            return refused;
        }

        return DecodeAndMeasure(bytes, info);
    }

    /// <summary>Checks an image, decoding it only once its pixels fit in the shared <see cref="Budget"/>.</summary>
    public async Task<ImageCheck> CheckAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (Identify(bytes, out var info) is { } refused)
        {
            return refused;
        }

        using var lease = await Budget.AcquireAsync((long)info.Width * info.Height, cancellationToken).ConfigureAwait(false);
        return DecodeAndMeasure(bytes, info);
    }

    private ImageCheck? Identify(ReadOnlySpan<byte> bytes, out ImageInfo info)
    {
        try
        {
            info = decoder.Identify(bytes);
            return null;
        }
        catch (ImageDecodeException ex)
        {
            info = default!;
            return new ImageCheck(GatherStatus.NotAnImage, null, Describe(ex));
        }
    }

    private ImageCheck DecodeAndMeasure(ReadOnlySpan<byte> bytes, ImageInfo info)
    {
        byte[] pixels;
        try
        {
            pixels = decoder.Decode(bytes, ProbeSettings);
        }
        catch (ImageDecodeException ex)
        {
            return new ImageCheck(GatherStatus.NotAnImage, info, Describe(ex));
        }

        if (Math.Min(info.Width, info.Height) < MinSide)
        {
            return new ImageCheck(
                GatherStatus.TooSmall,
                info,
                string.Create(CultureInfo.InvariantCulture, $"{info.Width}x{info.Height} is below the {MinSide}-pixel minimum side"));
        }

        // A flat image's hash is noise (blank placeholders would match each other): it gets none, like in audit.
        var flat = Audit.ImageMeasures.Compute(pixels, ProbeSettings.Width, info.Width, info.Height).Entropy < Audit.DuplicateFinder.MinEntropy;
        return new ImageCheck(GatherStatus.Kept, info, null, flat ? null : Audit.AuditInput.Hash(pixels, ProbeSettings.Width));
    }

    private static string Describe(ImageDecodeException ex) => $"{ToKebab(ex.Error.ToString())}: {ex.Message}";

    private static string ToKebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

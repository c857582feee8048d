using ActressOnnx.Train.Audit;
using SkiaSharp;

namespace ActressOnnx.Train.Tests.Audit;

public sealed class PerceptualHashTests
{
    private const int Size = 64;

    [Fact]
    public void Distance_OfResizedReencodedCopy_IsWithinTheDefault()
    {
        using var original = AuditTestImages.Synthetic(1, 96, seed: 3)[0];
        using var copy = AuditTestImages.Resized(original, 48, 48);

        var distance = PerceptualHash.Distance(Hash(AuditTestImages.Png(original)), Hash(AuditTestImages.Jpeg(copy, 70)));

        Assert.InRange(distance, 0, DuplicateFinder.DefaultMaxDistance);
    }

    [Fact]
    public void Distance_OfUnrelatedImages_IsFarAboveTheDefault()
    {
        var images = AuditTestImages.Synthetic(4, 64, seed: 5);
        var hashes = images.Select(image => Hash(AuditTestImages.Png(image))).ToList();

        for (var i = 0; i < hashes.Count; i++)
        {
            for (var j = i + 1; j < hashes.Count; j++)
            {
                Assert.True(PerceptualHash.Distance(hashes[i], hashes[j]) > DuplicateFinder.DefaultMaxDistance * 2, $"images {i} and {j}");
            }
        }
    }

    [Fact]
    public void Compute_WhenWrongLength_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => PerceptualHash.Compute(new float[10]));

        Assert.Contains("32x32", error.Message, StringComparison.Ordinal);
    }

    private static ulong Hash(byte[] encoded) => AuditInput.Hash(AuditTestImages.Decode(encoded, Size), Size);
}

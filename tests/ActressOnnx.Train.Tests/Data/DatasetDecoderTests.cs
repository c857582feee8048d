using ActressOnnx.Imaging;
using ActressOnnx.Testing;
using ActressOnnx.Train.Data;

namespace ActressOnnx.Train.Tests.Data;

public sealed class DatasetDecoderTests : IDisposable
{
    private static readonly PreprocessSettings Settings = new(16, 16, ResizeMethod.Squish);
    private readonly DirectoryInfo root = TestPaths.NewTempDirectory("decoder");

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public void Decode_CachesEveryImageAsTheDecoderWouldDecodeIt()
    {
        SyntheticDataset.Write(root.FullName, imagesPerClass: 3, size: 24, seed: 5);
        var folder = ImageFolder.Scan(root.FullName);

        var decoded = DatasetDecoder.Decode(folder, Settings, new ImageDecoder(), CancellationToken.None);

        Assert.Equal(6, decoded.Count);
        Assert.Empty(decoded.Skipped);
        Assert.Equal(folder.Files.Select(f => f.Label), decoded.Targets);
        var decoder = new ImageDecoder();
        for (var i = 0; i < decoded.Count; i++)
        {
            var expected = decoder.Decode(File.ReadAllBytes(folder.Files[i].Path), Settings);
            Assert.True(expected.AsSpan().SequenceEqual(decoded.GetPixels(i)), $"image {i} differs from a direct decode");
        }
    }

    [Fact]
    public void Decode_WithCorruptFiles_SkipsAndCountsThemAndKeepsTheRestAligned()
    {
        var files = SyntheticDataset.Write(root.FullName, imagesPerClass: 3, size: 24, seed: 5);
        var corrupt = Path.Combine(root.FullName, SyntheticDataset.CirclesLabel, "0001.png");
        File.WriteAllText(corrupt, "<html>not an image</html>");
        var truncated = Path.Combine(root.FullName, SyntheticDataset.StripesLabel, "0000.png");
        File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..40]);

        var decoded = DatasetDecoder.Decode(ImageFolder.Scan(root.FullName), Settings, new ImageDecoder(), CancellationToken.None);

        Assert.Equal([corrupt, truncated], decoded.Skipped.Select(s => s.Path));
        Assert.All(decoded.Skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
        Assert.Equal(4, decoded.Count);
        Assert.Equal([0, 0, 1, 1], decoded.Targets);
        var decoder = new ImageDecoder();
        for (var i = 0; i < decoded.Count; i++)
        {
            Assert.DoesNotContain(decoded.Paths[i], new[] { corrupt, truncated });
            var expected = decoder.Decode(File.ReadAllBytes(decoded.Paths[i]), Settings);
            Assert.True(expected.AsSpan().SequenceEqual(decoded.GetPixels(i)), $"image {i} is not the pixels of {decoded.Paths[i]}");
        }

        Assert.Contains(files[0], decoded.Paths);
    }

    [Fact]
    public void Decode_WhenNothingDecodes_ThrowsDatasetException()
    {
        foreach (var path in new[] { "a/1.jpg", "a/2.png", "b/1.jpg" })
        {
            var full = Path.Combine(root.FullName, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, "not an image");
        }

        var ex = Assert.Throws<DatasetException>(
            () => DatasetDecoder.Decode(ImageFolder.Scan(root.FullName), Settings, new ImageDecoder(), CancellationToken.None));

        Assert.Contains("None of the 3 images", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_WhenAWholeClassFailsToDecode_ThrowsDatasetExceptionNamingIt()
    {
        SyntheticDataset.Write(root.FullName, imagesPerClass: 2, size: 24, seed: 5);
        foreach (var file in Directory.GetFiles(Path.Combine(root.FullName, SyntheticDataset.StripesLabel)))
        {
            File.WriteAllText(file, "garbage");
        }

        var ex = Assert.Throws<DatasetException>(
            () => DatasetDecoder.Decode(ImageFolder.Scan(root.FullName), Settings, new ImageDecoder(), CancellationToken.None));

        Assert.Contains(SyntheticDataset.StripesLabel, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_WhenCancelled_Throws()
    {
        SyntheticDataset.Write(root.FullName, imagesPerClass: 2, size: 24, seed: 5);

        Assert.ThrowsAny<OperationCanceledException>(
            () => DatasetDecoder.Decode(ImageFolder.Scan(root.FullName), Settings, new ImageDecoder(), new CancellationToken(canceled: true)));
    }
}

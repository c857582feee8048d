using System.Buffers.Binary;
using System.IO.Compression;
using ActressOnnx.Testing;
using ActressOnnx.Train.Data;
using SkiaSharp;

namespace ActressOnnx.Train.Tests.Data;

public sealed class FashionMnistTests : IDisposable
{
    private readonly DirectoryInfo root = TestPaths.NewTempDirectory("fashion");

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public void WriteImages_WritesRequestedClassesOnly_WithTheirPixels()
    {
        // Six 4x3 images labelled 0,6,1,0,6,0; pixel value = image index * 10.
        byte[] labels = [0, 6, 1, 0, 6, 0];
        WriteIdx("train-labels-idx1-ubyte.gz", [labels.Length], labels);
        WriteIdx("train-images-idx3-ubyte.gz", [labels.Length, 3, 4], Enumerable.Range(0, labels.Length).SelectMany(i => Enumerable.Repeat((byte)(i * 10), 12)).ToArray());
        var output = Path.Combine(root.FullName, "out");

        var counts = FashionMnist.WriteImages(root.FullName, "train", [0, 6], perClass: 2, output, CancellationToken.None);

        Assert.Equal(2, counts["t-shirt-top"]);
        Assert.Equal(2, counts["shirt"]);
        Assert.Equal(["train-00000.png", "train-00003.png"], Files(output, "t-shirt-top"));
        Assert.Equal(["train-00001.png", "train-00004.png"], Files(output, "shirt"));
        Assert.False(Directory.Exists(Path.Combine(output, "trouser")));

        using var bitmap = SKBitmap.Decode(Path.Combine(output, "shirt", "train-00004.png"));
        Assert.Equal((4, 3), (bitmap.Width, bitmap.Height));
        Assert.Equal(40, bitmap.GetPixel(3, 2).Red);
    }

    [Fact]
    public void WriteImages_WhenFilesMissing_SaysHowToGetThem()
    {
        var ex = Assert.Throws<FileNotFoundException>(() =>
            FashionMnist.WriteImages(root.FullName, "train", [0, 6], 1, Path.Combine(root.FullName, "out"), CancellationToken.None));

        Assert.Contains("apt-get install dataset-fashion-mnist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBytes_WhenTruncated_ThrowsInvalidData()
    {
        WriteIdx("short.gz", [10, 2, 2], new byte[7]);

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ReadBytes(Path.Combine(root.FullName, "short.gz")));

        Assert.Contains("ends before", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("T-shirt/top", 0)]
    [InlineData("shirt", 6)]
    [InlineData("ankle-boot", 9)]
    public void ClassIndex_AcceptsNamesAndFolderNames(string name, int expected) =>
        Assert.Equal(expected, FashionMnist.ClassIndex(name));

    private static string[] Files(string output, string folder) =>
        Directory.GetFiles(Path.Combine(output, folder)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    private void WriteIdx(string name, int[] dims, byte[] data)
    {
        using var file = File.Create(Path.Combine(root.FullName, name));
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write([0, 0, 0x08, (byte)dims.Length]);
        Span<byte> size = stackalloc byte[4];
        foreach (var dim in dims)
        {
            BinaryPrimitives.WriteInt32BigEndian(size, dim);
            gzip.Write(size);
        }

        gzip.Write(data);
    }
}

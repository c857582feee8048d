using ActressOnnx.Imaging;
using ActressOnnx.Testing;
using ActressOnnx.Train.Data;

namespace ActressOnnx.Train.Tests.Training;

/// <summary>The synthetic circles-vs-stripes dataset at 32x32, written and decoded once per test class.</summary>
public sealed class SyntheticImagesFixture : IDisposable
{
    public const int ImagesPerClass = 32;

    public SyntheticImagesFixture()
    {
        Root = TestPaths.NewTempDirectory("synthetic");
        SyntheticDataset.Write(Root.FullName, ImagesPerClass, size: 32, seed: 3);
        Images = DatasetDecoder.Decode(ImageFolder.Scan(Root.FullName), Settings, new ImageDecoder(), CancellationToken.None);
    }

    public static PreprocessSettings Settings { get; } = new(32, 32, ResizeMethod.Crop);

    public DirectoryInfo Root { get; }

    internal DecodedImages Images { get; }

    public void Dispose() => Root.Delete(recursive: true);
}

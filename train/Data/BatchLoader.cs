using TorchSharp;
using static TorchSharp.torch;

namespace ActressOnnx.Train.Data;

/// <summary>Groups a subset of <see cref="DecodedImages"/> into batches and turns a batch into tensors.</summary>
internal sealed class BatchLoader
{
    private readonly DecodedImages images;
    private readonly int[] indices;
    private readonly byte[] buffer;

    /// <param name="images">The decoded cache.</param>
    /// <param name="indices">The images this loader serves (e.g. the training part of a split).</param>
    /// <param name="batchSize">The largest batch.</param>
    public BatchLoader(DecodedImages images, IReadOnlyList<int> indices, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        this.images = images;
        this.indices = [.. indices];
        BatchSize = batchSize;
        buffer = new byte[checked(batchSize * images.Settings.PixelBytes)];
    }

    public int BatchSize { get; }

    public int ImageCount => indices.Length;

    /// <summary>
    /// The batches of one epoch, in order or shuffled by <paramref name="shuffle"/>. With
    /// <paramref name="dropLoneTrailingImage"/> a last batch of a single image is left out, because batch norm
    /// cannot train on one image; the shuffle puts a different image there each epoch.
    /// </summary>
    public IReadOnlyList<int[]> Plan(SeededRandom? shuffle, bool dropLoneTrailingImage)
    {
        var order = (int[])indices.Clone();
        shuffle?.Shuffle(order.AsSpan());
        var batches = order.Chunk(BatchSize).ToList();
        if (dropLoneTrailingImage && batches.Count > 0 && batches[^1].Length == 1)
        {
            batches.RemoveAt(batches.Count - 1);
        }

        return batches;
    }

    /// <summary>
    /// The images as uint8 <c>[N, H, W, 3]</c> and their class indices as int64 <c>[N]</c>, on <paramref name="device"/>,
    /// owned by the caller's dispose scope.
    /// </summary>
    public (Tensor Images, Tensor Targets) Load(ReadOnlySpan<int> batch, Device device)
    {
        if (batch.Length == 0 || batch.Length > BatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch.Length, $"A batch holds 1 to {BatchSize} images.");
        }

        var settings = images.Settings;
        var pixelBytes = settings.PixelBytes;
        var targets = new long[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            images.GetPixels(batch[i]).CopyTo(buffer.AsSpan(i * pixelBytes, pixelBytes));
            targets[i] = images.Targets[batch[i]];
        }

        var cpuImages = empty([batch.Length, settings.Height, settings.Width, 3], ScalarType.Byte);
        cpuImages.bytes = buffer.AsSpan(0, batch.Length * pixelBytes);
        var deviceImages = device.type == DeviceType.CPU ? cpuImages : cpuImages.to(device);
        return (deviceImages, tensor(targets, device: device));
    }
}

using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using ActressOnnx.Imaging;
using ActressOnnx.Train.Model;
using TorchSharp;
using static TorchSharp.torch;
using ActressOnnx.Train.IO;

namespace ActressOnnx.Train.Training;

/// <summary>
/// Reads and writes a trained model with its labels and preprocessing settings as one file:
/// an 8-byte magic header, a little-endian int32 format version, a little-endian int32 length and that many bytes
/// of UTF-8 JSON (<see cref="CheckpointHeader"/>), then the weights in TorchSharp's <c>Module.save</c> format.
/// </summary>
internal static class TrainingCheckpoint
{
    /// <summary>torchvision's ResNet18 layout (<see cref="ResNetArchitecture.TorchVision"/>).</summary>
    public const string ResNet18Architecture = "resnet18";
    public const int FormatVersion = 1;
    private const int MaxHeaderBytes = 16 * 1024 * 1024;

    // PNG-style: a high byte, a name, then CR LF and EOF bytes that text-mode copies and truncation would damage.
    private static ReadOnlySpan<byte> Magic => [0x89, (byte)'A', (byte)'O', (byte)'C', (byte)'K', 0x0D, 0x0A, 0x1A];

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    /// <summary>Writes <paramref name="model"/> and <paramref name="info"/> to <paramref name="path"/> atomically (temp file, then rename).</summary>
    public static void Save(string path, ResNet18 model, CheckpointInfo info)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(info);
        if (info.Architecture != model.Architecture.Name)
        {
            throw new ArgumentException($"The model is '{model.Architecture.Name}' but the checkpoint info says '{info.Architecture}'.", nameof(info));
        }

        if (info.Labels.Count != model.NumClasses)
        {
            throw new ArgumentException($"The model has {model.NumClasses} outputs but {info.Labels.Count} labels were given.", nameof(info));
        }

        info.Preprocess.Validate();
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            var header = JsonSerializer.SerializeToUtf8Bytes(ToHeader(info), JsonOptions);
            writer.Write(header.Length);
            writer.Write(header);
            model.save(writer);
        });
    }

    /// <summary>Reads a checkpoint and rebuilds the model, in eval mode, on <paramref name="device"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="CheckpointFormatException">The file is not an ActressOnnx checkpoint, is newer, or is damaged.</exception>
    public static (ResNet18 Model, CheckpointInfo Info) Load(string path, Device device)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(device);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var info = ReadInfo(path, reader);
        var model = new ResNet18(info.Labels.Count, ResNetArchitecture.Find(info.Architecture)!);
        try
        {
            model.load(reader, strict: true);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            model.Dispose();
            throw new CheckpointFormatException($"The weights in checkpoint '{path}' are damaged or do not match {info.Architecture} with {info.Labels.Count} classes ({ex.Message}). Train again to replace it.", ex);
        }

        model.to(device);
        model.eval();
        return (model, info);
    }

    private static CheckpointInfo ReadInfo(string path, BinaryReader reader)
    {
        Span<byte> magic = stackalloc byte[Magic.Length];
        if (reader.Read(magic) != magic.Length || !magic.SequenceEqual(Magic))
        {
            throw new CheckpointFormatException($"'{path}' is not an ActressOnnx checkpoint (its first bytes are not the checkpoint header). Pass a file written by 'actressonnx train'.");
        }

        var version = ReadInt32(path, reader);
        if (version != FormatVersion)
        {
            throw new CheckpointFormatException($"Checkpoint '{path}' has format version {version}; this version of actressonnx reads version {FormatVersion}. Use a matching actressonnx or train again.");
        }

        var headerLength = ReadInt32(path, reader);
        if (headerLength <= 0 || headerLength > MaxHeaderBytes)
        {
            throw Damaged(path, $"implausible header length {headerLength}");
        }

        var headerBytes = reader.ReadBytes(headerLength);
        if (headerBytes.Length != headerLength)
        {
            throw Damaged(path, "the file ends inside the header");
        }

        CheckpointHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<CheckpointHeader>(headerBytes, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw Damaged(path, "the header is not valid JSON: " + ex.Message, ex);
        }

        return FromHeader(path, header ?? throw Damaged(path, "the header is empty"));
    }

    private static int ReadInt32(string path, BinaryReader reader)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        if (reader.Read(bytes) != bytes.Length)
        {
            throw Damaged(path, "the file ends inside the header");
        }

        return BinaryPrimitives.ReadInt32LittleEndian(bytes);
    }

    private static CheckpointHeader ToHeader(CheckpointInfo info) => new(
        info.Architecture,
        [.. info.Labels],
        info.Preprocess.Width,
        info.Preprocess.Height,
        info.Preprocess.Resize.ToString().ToLowerInvariant(),
        info.Epochs,
        info.ValidLoss,
        info.ValidErrorRate,
        info.TrainedAt,
        info.Weights);

    private static CheckpointInfo FromHeader(string path, CheckpointHeader header)
    {
        if (ResNetArchitecture.Find(header.Architecture) is not { } architecture)
        {
            throw new CheckpointFormatException($"Checkpoint '{path}' holds architecture '{header.Architecture}'; this version of actressonnx reads {string.Join(", ", ResNetArchitecture.All.Select(a => $"'{a.Name}'"))}.");
        }

        if (header.Labels is not { Length: > 0 } labels || labels.Any(string.IsNullOrEmpty))
        {
            throw Damaged(path, "it has no class labels");
        }

        if (!Enum.TryParse<ResizeMethod>(header.Resize, ignoreCase: true, out var resize) || !Enum.IsDefined(resize)
            || header.InputWidth <= 0 || header.InputHeight <= 0)
        {
            throw Damaged(path, $"invalid preprocessing settings ({header.InputWidth}x{header.InputHeight}, resize '{header.Resize}')");
        }

        return new CheckpointInfo(
            architecture.Name,
            labels,
            new PreprocessSettings(header.InputWidth, header.InputHeight, resize),
            header.Epochs,
            header.ValidLoss,
            header.ValidErrorRate,
            header.TrainedAt)
        {
            Weights = header.Weights,
        };
    }

    private static CheckpointFormatException Damaged(string path, string reason, Exception? inner = null) =>
        new($"Checkpoint '{path}' is damaged: {reason}. Train again to replace it.", inner);
}

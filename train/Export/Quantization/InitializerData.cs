using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ActressOnnx.Onnx.Proto;
using Google.Protobuf;
using DataType = ActressOnnx.Onnx.Proto.TensorProto.Types.DataType;

namespace ActressOnnx.Train.Export.Quantization;

/// <summary>Reads float initializers and writes the int8, uint8, int32 and float tensors a QDQ graph needs (little-endian raw_data).</summary>
internal static class InitializerData
{
    public static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.DataType != (int)DataType.Float)
        {
            throw new QuantizationException($"Initializer '{tensor.Name}' is {(DataType)tensor.DataType}, not float; only float32 models can be quantized.");
        }

        if (tensor.FloatData.Count > 0)
        {
            return [.. tensor.FloatData];
        }

        var raw = tensor.RawData.Span;
        var values = new float[raw.Length / sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
        }

        return values;
    }

    public static TensorProto Floats(string name, ReadOnlySpan<float> values, params ReadOnlySpan<long> dims)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return Tensor(name, DataType.Float, bytes, dims);
    }

    public static TensorProto Int8(string name, ReadOnlySpan<sbyte> values, params ReadOnlySpan<long> dims) =>
        Tensor(name, DataType.Int8, MemoryMarshal.AsBytes(values).ToArray(), dims);

    public static TensorProto UInt8(string name, ReadOnlySpan<byte> values, params ReadOnlySpan<long> dims) =>
        Tensor(name, DataType.Uint8, values.ToArray(), dims);

    public static TensorProto Int32(string name, ReadOnlySpan<int> values, params ReadOnlySpan<long> dims)
    {
        var bytes = new byte[values.Length * sizeof(int)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * sizeof(int)), values[i]);
        }

        return Tensor(name, DataType.Int32, bytes, dims);
    }

    private static TensorProto Tensor(string name, DataType type, byte[] bytes, ReadOnlySpan<long> dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = UnsafeByteOperations.UnsafeWrap(bytes) };
        tensor.Dims.AddRange(dims.ToArray());
        return tensor;
    }
}

using ActressOnnx.Onnx.Proto;
using Google.Protobuf;

namespace ActressOnnx.Onnx;

/// <summary>Makes node attributes with their ONNX type set, as every IR version from 2 on requires.</summary>
public static class OnnxAttributes
{
    /// <summary>A single integer attribute, e.g. <c>axis</c> or <c>transB</c>.</summary>
    public static AttributeProto IntScalar(string name, long value) =>
        new() { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A list-of-integers attribute, e.g. <c>kernel_shape</c>, <c>pads</c> or <c>perm</c>.</summary>
    public static AttributeProto IntList(string name, params ReadOnlySpan<long> values)
    {
        var attribute = new AttributeProto { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.Ints };
        foreach (var value in values)
        {
            attribute.Ints.Add(value);
        }

        return attribute;
    }

    /// <summary>A single float attribute, e.g. <c>alpha</c> or <c>epsilon</c>.</summary>
    public static AttributeProto FloatScalar(string name, float value) =>
        new() { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A string attribute (stored as UTF-8 bytes), e.g. <c>mode</c>.</summary>
    public static AttributeProto Text(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new() { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };
    }

    private static string CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name;
    }
}

namespace ActressOnnx.Onnx;

/// <summary>
/// One dimension of a graph input or output shape: a fixed size, or a named symbol (ONNX <c>dim_param</c>) such as
/// <c>batch</c> that the runtime lets vary.
/// </summary>
public readonly record struct OnnxDimension
{
    private OnnxDimension(long? size, string? symbol)
    {
        Size = size;
        Symbol = symbol;
    }

    /// <summary>The fixed size, or null for a symbolic dimension.</summary>
    public long? Size { get; }

    /// <summary>The symbol name, or null for a fixed dimension.</summary>
    public string? Symbol { get; }

    /// <summary>A dimension of exactly <paramref name="size"/> elements.</summary>
    public static OnnxDimension Fixed(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return new(size, null);
    }

    /// <summary>A dimension whose size is named, not fixed; every dimension sharing the name has the same size.</summary>
    public static OnnxDimension Symbolic(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        return new(null, symbol);
    }

    /// <summary>Same as <see cref="Fixed"/>.</summary>
    public static implicit operator OnnxDimension(long size) => Fixed(size);

    /// <summary>Same as <see cref="Symbolic"/>.</summary>
    public static implicit operator OnnxDimension(string symbol) => Symbolic(symbol);

    /// <inheritdoc/>
    public override string ToString() => Symbol ?? Size!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

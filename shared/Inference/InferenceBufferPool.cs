using System.Collections.Concurrent;

namespace ActressOnnx.Inference;

/// <summary>
/// Keeps up to a fixed number of <see cref="InferenceBuffers"/> for reuse, so that steady traffic runs without
/// allocating; bursts beyond it get fresh buffers, which are disposed when given back to a full pool.
/// </summary>
internal sealed class InferenceBufferPool : IDisposable
{
    private readonly ConcurrentBag<InferenceBuffers> _buffers = [];
    private readonly int _height;
    private readonly int _width;
    private readonly int _classCount;
    private readonly int _capacity;

    public InferenceBufferPool(int height, int width, int classCount, int capacity)
    {
        _height = height;
        _width = width;
        _classCount = classCount;
        _capacity = Math.Max(0, capacity);
    }

    public InferenceBuffers Rent() =>
        _buffers.TryTake(out var buffers) ? buffers : new InferenceBuffers(_height, _width, _classCount);

    public void Return(InferenceBuffers buffers)
    {
        if (_buffers.Count < _capacity)
        {
            _buffers.Add(buffers);
        }
        else
        {
            buffers.Dispose();
        }
    }

    /// <summary>Disposes the pooled buffers; call once no buffer is rented.</summary>
    public void Dispose()
    {
        while (_buffers.TryTake(out var buffers))
        {
            buffers.Dispose();
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace ActressOnnx.Train.Tests.Training;

internal static class TorchTestSetup
{
    /// <summary>
    /// One intra-op thread per test process: test classes already run in parallel, and libtorch's OpenMP workers
    /// slow down by orders of magnitude when they compete for the few cores of a busy CI machine.
    /// </summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "Test assembly: the setting must precede every test.")]
    internal static void UseOneThread() => TorchSharp.torch.set_num_threads(1);
}

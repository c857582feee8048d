using System.Runtime.CompilerServices;
using Microsoft.ML.OnnxRuntime;

namespace ActressOnnx.Functions.Tests;

/// <summary>
/// ONNX Runtime logs to stderr by itself (a red "[E:onnxruntime...]" line when a test runs a model built to fail),
/// which makes a green run look broken. Its environment is process-wide and created once, so it is created here,
/// before any test, at fatal level only: the errors tests care about still arrive as exceptions with the same message.
/// </summary>
internal static class QuietOnnxRuntime
{
#pragma warning disable CA2255 // A module initializer is the one hook that runs before any test touches ONNX Runtime.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        var options = new EnvironmentCreationOptions { logId = "tests", logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        OrtEnv.CreateInstanceWithOptions(ref options);
    }
}

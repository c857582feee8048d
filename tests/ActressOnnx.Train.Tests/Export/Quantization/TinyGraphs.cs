using ActressOnnx.Onnx;
using ActressOnnx.Onnx.Proto;
using DataType = ActressOnnx.Onnx.Proto.TensorProto.Types.DataType;

namespace ActressOnnx.Train.Tests.Export.Quantization;

/// <summary>Hand-built FP32 classifier graphs (uint8 NHWC image in, 2 probabilities out) for quantizer edge cases.</summary>
internal static class TinyGraphs
{
    /// <summary>
    /// A 1x1 convolution whose two output channels differ by a thousandth of the green value: FP32 nearly always picks
    /// class 1, but both logits fall in the same uint8 step, so an INT8 model cannot tell them apart.
    /// </summary>
    public static ModelProto NearTie(int size, string? insertAfterConv = null)
    {
        var graph = new OnnxGraphBuilder("near_tie");
        graph.AddInput("image", DataType.Uint8, "batch", size, size, 3);
        var x = graph.AddNode("Cast", ["image"], "image_float", OnnxAttributes.IntScalar("to", (long)DataType.Float));
        x = graph.AddNode("Transpose", [x], "image_nchw", OnnxAttributes.IntList("perm", 0, 3, 1, 2));
        var weight = graph.AddInitializer("conv.weight", [1f, 0f, 0f, 1f, 0.001f, 0f], 2, 3, 1, 1);
        var bias = graph.AddInitializer("conv.bias", [0f, 0f], 2);
        x = graph.AddNode("Conv", [x, weight, bias], "conv", OnnxAttributes.IntList("kernel_shape", 1, 1));
        if (insertAfterConv is not null)
        {
            x = graph.AddNode(insertAfterConv, [x], "odd");
        }

        x = graph.AddNode("GlobalAveragePool", [x], "pool");
        x = graph.AddNode("Flatten", [x], "flat", OnnxAttributes.IntScalar("axis", 1));
        graph.AddNode("Softmax", [x], "probabilities", OnnxAttributes.IntScalar("axis", 1));
        graph.AddOutput("probabilities", DataType.Float, "batch", 2);
        return graph.Build();
    }
}

namespace ActressOnnx.Train.Export.Quantization;

/// <summary>Layers an INT8 export leaves in FP32: their inputs, weights and outputs get no QuantizeLinear/DequantizeLinear.</summary>
[Flags]
internal enum Fp32Layers
{
    /// <summary>Every Conv, Gemm and MatMul is quantized.</summary>
    None = 0,

    /// <summary>The first convolution (it reads the normalized image, whose values are signed and spread unevenly).</summary>
    FirstConv = 1,

    /// <summary>The last Gemm or MatMul: the classifier head, whose outputs are the logits.</summary>
    Head = 2,
}

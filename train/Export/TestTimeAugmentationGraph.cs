using ActressOnnx.Onnx;

namespace ActressOnnx.Train.Export;

/// <summary>
/// Horizontal-flip test-time augmentation inside the graph: each image is run together with its mirror image (one
/// batch of 2N), and the output is the average of the two probability rows, as fastai's <c>tta</c> averages predictions.
/// </summary>
internal static class TestTimeAugmentationGraph
{
    /// <summary>The value of <see cref="Inference.ModelMetadataKeys.TestTimeAugmentation"/> for this augmentation.</summary>
    public const string MetadataValue = "hflip";

    /// <summary>
    /// Appends the mirror images of the NCHW batch <paramref name="images"/> (a Slice with step -1 along the width)
    /// after the batch itself: N images in, 2N out, the originals first.
    /// </summary>
    public static string WithMirrorImages(OnnxGraphBuilder graph, string images)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentException.ThrowIfNullOrWhiteSpace(images);
        var starts = graph.AddInitializer("tta.starts", [-1L], 1);
        var ends = graph.AddInitializer("tta.ends", [long.MinValue], 1);
        var axes = graph.AddInitializer("tta.axes", [3L], 1);
        var steps = graph.AddInitializer("tta.steps", [-1L], 1);
        var mirrored = graph.AddNode("Slice", [images, starts, ends, axes, steps], "tta.mirrored");
        return graph.AddNode("Concat", [images, mirrored], "tta.batch", OnnxAttributes.IntScalar("axis", 0));
    }

    /// <summary>
    /// Averages the rows of <paramref name="probabilities"/> ([2N, classes], the originals first) pairwise into
    /// <paramref name="output"/> ([N, classes]): reshaped to [2, N, classes], then the mean over the first axis.
    /// </summary>
    public static string AverageWithMirror(OnnxGraphBuilder graph, string probabilities, int classes, string output)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentException.ThrowIfNullOrWhiteSpace(probabilities);
        var shape = graph.AddInitializer("tta.shape", [2L, -1L, classes], 3);
        var pairs = graph.AddNode("Reshape", [probabilities, shape], "tta.pairs");
        return graph.AddNode("ReduceMean", [pairs], output, OnnxAttributes.IntList("axes", 0), OnnxAttributes.IntScalar("keepdims", 0));
    }
}

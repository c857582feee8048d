namespace ActressOnnx.Train.Report;

/// <summary>One of the validation images with the highest loss, and its picture in the report folder.</summary>
internal sealed record TopLoss(ImagePrediction Prediction, string ImageFile);

namespace ActressOnnx.Imaging;

/// <summary>How an image is brought to the model's input size.</summary>
public enum ResizeMethod
{
    /// <summary>Stretch the whole image to the target size, ignoring its aspect ratio.</summary>
    Squish,

    /// <summary>Scale so the image covers the target, then cut the centre out.</summary>
    Crop,

    /// <summary>Scale so the whole image fits, then fill the borders with the background colour.</summary>
    Pad,
}

namespace ActressOnnx.Train.Training;

/// <summary>What a pretrained run keeps: the head fitted on frozen features, the fine-tuned network, or the better of the two.</summary>
internal enum TuneMode
{
    /// <summary>Fit the head, fine-tune the whole network, and keep whichever has the lower validation loss.</summary>
    Auto,

    /// <summary>Fit only the head on the frozen body's features (a linear probe); the body keeps its ImageNet weights.</summary>
    Head,

    /// <summary>Fine-tune the whole network and keep its best epoch even where the head alone scored better.</summary>
    All,
}

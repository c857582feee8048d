namespace ActressOnnx.Train.Gather;

/// <summary>The same image (by content) kept in two classes: a photo labelled as both is a data error the user must fix.</summary>
/// <param name="Sha256">The image's content hash.</param>
/// <param name="FirstClass">One class (the first in ordinal order).</param>
/// <param name="FirstFile">Its file in <paramref name="FirstClass"/>'s folder.</param>
/// <param name="SecondClass">The other class.</param>
/// <param name="SecondFile">Its file in <paramref name="SecondClass"/>'s folder.</param>
internal sealed record CrossClassDuplicate(string Sha256, string FirstClass, string FirstFile, string SecondClass, string SecondFile);

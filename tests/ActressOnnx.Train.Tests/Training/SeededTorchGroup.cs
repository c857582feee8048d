namespace ActressOnnx.Train.Tests.Training;

/// <summary>
/// Tests that seed torch's global generator and then initialise a model, and assert on how well it trains. They run
/// on their own: test classes run in parallel and every module created meanwhile draws from the same generator, which
/// would make the starting weights, and the outcome, vary from run to run.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeededTorchGroup
{
    public const string Name = "Seeded torch generator";
}

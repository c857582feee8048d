using ActressOnnx.Testing.Azurite;

namespace ActressOnnx.Functions.Tests;

/// <summary>Tests that need Blob Storage share one Azurite instance.</summary>
[CollectionDefinition(Name)]
public sealed class SharedAzurite : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Serving with Azurite";
}

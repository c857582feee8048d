using System.Net;
using ActressOnnx.Testing.Azurite;

namespace ActressOnnx.Functions.Tests.Endpoints;

[Collection(SharedAzurite.Name)]
public sealed class HealthEndpointTests : IClassFixture<PublishedModelApp>
{
    private readonly AzuriteFixture _azurite;
    private readonly PublishedModelApp _fixture;

    public HealthEndpointTests(AzuriteFixture azurite, PublishedModelApp fixture)
    {
        _azurite = azurite;
        _fixture = fixture;
    }

    [Fact]
    public async Task Health_WhenModelLoaded_DescribesTheServedModel()
    {
        var app = await _fixture.GetAsync(_azurite);

        using var response = await app.Client.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await app.GetHealthAsync();
        var model = health.GetProperty("model");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("colours", model.GetProperty("name").GetString());
        Assert.Equal(_fixture.Published!.Published.Version, model.GetProperty("version").GetString());
        Assert.Equal(_fixture.Published.Published.Sha256, model.GetProperty("sha256").GetString());
        Assert.Equal(["red", "green", "blue"], model.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(32, model.GetProperty("inputWidth").GetInt32());
        Assert.Equal("squish", model.GetProperty("resizeMethod").GetString());
        Assert.Equal("tiny-mean-colour", model.GetProperty("architecture").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, model.GetProperty("quantization").ValueKind);
    }
}

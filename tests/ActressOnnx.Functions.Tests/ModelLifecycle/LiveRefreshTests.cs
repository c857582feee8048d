using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using ActressOnnx.Functions.Tests.Endpoints;
using ActressOnnx.Inference;
using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Onnx;
using ActressOnnx.Testing.Serving;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ActressOnnx.Functions.Tests.ModelLifecycle;

/// <summary>A running host follows the model pointer: new versions swap in under load, bad ones are refused.</summary>
[Collection(SharedAzurite.Name)]
public sealed class LiveRefreshTests : IDisposable
{
    private const string PollInterval = "00:00:00.200";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);
    private readonly AzuriteFixture _azurite;
    private readonly DirectoryInfo _directory = TestPaths.NewTempDirectory();
    private readonly ModelStorageOptions _storage;

    public LiveRefreshTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _storage = new ModelStorageOptions { ConnectionString = azurite.ConnectionString, ContainerName = azurite.NewContainerName("live"), ModelName = "colours" };
    }

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Predict_WhileANewVersionIsPublished_NeverFailsAndSwitchesVersionOnceNeverBack()
    {
        var first = await PublishAsync(new TinyColorModelOptions());
        await using var app = await StartAsync(_storage.ConnectionString!);
        await using var load = PredictionLoad.Start(app.Client, clients: 4);
        await load.WaitForAnswersAsync(20);

        var second = await PublishAsync(new TinyColorModelOptions());
        await WaitUntilServedAsync(app, second.Published.Version);
        var before = load.Answers;
        await load.WaitForAnswersAsync(before + 20);
        var results = await load.StopAsync();

        Assert.Empty(results.Failures);
        Assert.All(results.VersionsByClient, versions =>
        {
            var switches = versions.Zip(versions.Skip(1)).Count(pair => pair.First != pair.Second);
            Assert.True(switches <= 1, $"a client saw the version change {switches} times: {string.Join(", ", versions.Distinct())}");
            Assert.Equal(first.Published.Version, versions[0]);
            Assert.Equal(second.Published.Version, versions[^1]);
        });
    }

    [Theory]
    [InlineData("truncated blob", "integrity_failed")]
    [InlineData("no labels", "invalid_model")]
    [InlineData("missing blob", "not_published")]
    public async Task Predict_WhileABadVersionIsPublished_NeverFailsAndKeepsTheOldVersion(string badness, string expectedCode)
    {
        var good = await PublishAsync(new TinyColorModelOptions());
        await using var app = await StartAsync(_storage.ConnectionString!);
        await using var load = PredictionLoad.Start(app.Client, clients: 4);
        await load.WaitForAnswersAsync(20);

        var badVersion = await BrokenVersions.PublishAsync(_storage, badness, TimeSpan.FromMinutes(1));
        await WaitUntilAsync(() => app.Output.Contains(badVersion, StringComparison.Ordinal), $"the host to log that it refused {badVersion}", app);
        var before = load.Answers;
        await load.WaitForAnswersAsync(before + 20);
        var results = await load.StopAsync();

        Assert.Empty(results.Failures);
        Assert.All(results.VersionsByClient, versions => Assert.All(versions, v => Assert.Equal(good.Published.Version, v)));
        var health = await app.GetHealthAsync();
        Assert.Equal(good.Published.Version, health.GetProperty("model").GetProperty("version").GetString());
        var refusal = health.GetProperty("lastRefreshFailure");
        Assert.Equal(badVersion, refusal.GetProperty("version").GetString());
        Assert.Equal(expectedCode, refusal.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Start_WhenThePublishedVersionIsBroken_ServesTheLastKnownGoodAndSaysSoUntilThePointerMoves()
    {
        var good = await PublishAsync(new TinyColorModelOptions());
        var broken = await BrokenVersions.PublishAsync(_storage, "missing blob", TimeSpan.FromMinutes(1));
        await using var app = await StartAsync(_storage.ConnectionString!);
        await WaitUntilServedAsync(app, good.Published.Version);

        var health = await app.GetHealthAsync();
        Assert.False(health.GetProperty("servesPublishedVersion").GetBoolean());
        Assert.Equal(broken, health.GetProperty("publishedVersion").GetString());
        Assert.Equal(broken, health.GetProperty("lastRefreshFailure").GetProperty("version").GetString());
        Assert.Equal("not_published", health.GetProperty("lastRefreshFailure").GetProperty("code").GetString());
        using (var response = await app.Client.PostAsync(new Uri("/api/predict", UriKind.Relative), Png()))
        {
            var prediction = await ProblemAssert.IsPredictionAsync(response);
            Assert.Equal(good.Published.Version, prediction.GetProperty("model").GetProperty("version").GetString());
        }

        Assert.Contains("last known good", app.Output, StringComparison.Ordinal);

        var next = await PublishAsync(new TinyColorModelOptions());
        await WaitUntilServedAsync(app, next.Published.Version);
        var after = await app.GetHealthAsync();
        Assert.True(after.GetProperty("servesPublishedVersion").GetBoolean());
        Assert.False(after.TryGetProperty("lastRefreshFailure", out _));
    }

    [Fact]
    public async Task Start_DuringAStorageOutage_ServesOnceStorageIsBack()
    {
        var published = await PublishAsync(new TinyColorModelOptions());
        await using var proxy = new SwitchableTcpProxy(_azurite.Port, up: false);
        var throughProxy = _storage.ConnectionString!.Replace($"127.0.0.1:{_azurite.Port}", $"127.0.0.1:{proxy.Port}", StringComparison.Ordinal);
        await using var app = await StartAsync(throughProxy);

        using (var during = await app.Client.GetAsync(new Uri("/api/health", UriKind.Relative)))
        {
            await ProblemAssert.IsProblemAsync(during, HttpStatusCode.ServiceUnavailable, "storage_unavailable");
        }

        proxy.Up = true;
        await WaitUntilServedAsync(app, published.Published.Version);

        using var response = await app.Client.PostAsync(new Uri("/api/predict", UriKind.Relative), Png());
        Assert.Equal("red", (await ProblemAssert.IsPredictionAsync(response)).GetProperty("label").GetString());
    }

    [Fact]
    public async Task Refresh_WhenStorageFlapsAfterANewPublish_KeepsServingAndLoadsItOnceStorageIsBack()
    {
        var first = await PublishAsync(new TinyColorModelOptions());
        await using var proxy = new SwitchableTcpProxy(_azurite.Port, up: true);
        var throughProxy = _storage.ConnectionString!.Replace($"127.0.0.1:{_azurite.Port}", $"127.0.0.1:{proxy.Port}", StringComparison.Ordinal);
        await using var app = await StartAsync(throughProxy);
        Assert.Equal(first.Published.Version, (await app.GetHealthAsync()).GetProperty("model").GetProperty("version").GetString());

        proxy.Up = false;
        var second = await PublishAsync(new TinyColorModelOptions());
        await WaitUntilAsync(() => app.Output.Contains("storage_unavailable", StringComparison.Ordinal), "a refresh to meet the outage", app);
        Assert.Equal(first.Published.Version, (await app.GetHealthAsync()).GetProperty("model").GetProperty("version").GetString());
        using (var during = await app.Client.PostAsync(new Uri("/api/predict", UriKind.Relative), Png()))
        {
            await ProblemAssert.IsPredictionAsync(during);
        }

        proxy.Up = true;
        await WaitUntilServedAsync(app, second.Published.Version);
    }

    private async Task<FunctionAppProcess> StartAsync(string connectionString) =>
        await FunctionAppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ModelStorage__ConnectionString"] = connectionString,
            ["ModelStorage__ContainerName"] = _storage.ContainerName,
            ["ModelStorage__ModelName"] = _storage.ModelName,
            ["Serving__ModelPollInterval"] = PollInterval,
        });

    private async Task<PublishResult> PublishAsync(TinyColorModelOptions options)
    {
        var path = TinyColorModel.WriteTo(Path.Combine(_directory.FullName, Guid.NewGuid().ToString("N") + ".onnx"), options);
        return await ModelRepositoryClient.Create(_storage).PublishAsync(path, CancellationToken.None);
    }

    private static async Task WaitUntilServedAsync(FunctionAppProcess app, string version) =>
        await WaitUntilAsync(async () =>
        {
            var health = await app.GetHealthAsync();
            return health.TryGetProperty("model", out var model) && model.GetProperty("version").GetString() == version;
        }, $"version {version} to be served", app);

    private static Task WaitUntilAsync(Func<bool> condition, string what, FunctionAppProcess app) =>
        WaitUntilAsync(() => Task.FromResult(condition()), what, app);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, FunctionAppProcess app)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}; host output:\n{app.Output}");
            await Task.Delay(100);
        }
    }

    private static ByteArrayContent Png()
    {
        var content = new ByteArrayContent(ColorImages.RedPng());
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }
}

using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Onnx;
using ActressOnnx.Testing.Serving;

namespace ActressOnnx.Functions.Tests.Endpoints;

/// <summary>One function app per test class, serving the tiny colour model published to the shared Azurite.</summary>
public sealed class PublishedModelApp : IAsyncLifetime
{
    /// <summary>The request body limit the app is started with, small so the 413 tests stay cheap.</summary>
    public const long MaxRequestBytes = 256 * 1024;

    private readonly Lock _startLock = new();
    private Task<FunctionAppProcess>? _app;

    internal PublishResult? Published { get; private set; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await (await _app).DisposeAsync();
        }
    }

    /// <summary>The app, started on first use (the Azurite collection fixture is not available to class fixtures).</summary>
    internal Task<FunctionAppProcess> GetAsync(AzuriteFixture azurite)
    {
        lock (_startLock)
        {
            return _app ??= StartAsync(azurite);
        }
    }

    private async Task<FunctionAppProcess> StartAsync(AzuriteFixture azurite)
    {
        var storage = new ModelStorageOptions { ConnectionString = azurite.ConnectionString, ContainerName = azurite.NewContainerName("app"), ModelName = "colours" };
        var directory = TestPaths.NewTempDirectory();
        try
        {
            var path = TinyColorModel.WriteTo(Path.Combine(directory.FullName, "model.onnx"));
            Published = await ModelRepositoryClient.Create(storage).PublishAsync(path, CancellationToken.None);
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        return await FunctionAppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ModelStorage__ConnectionString"] = storage.ConnectionString!,
            ["ModelStorage__ContainerName"] = storage.ContainerName,
            ["ModelStorage__ModelName"] = storage.ModelName,
            ["Serving__MaxRequestBytes"] = MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }
}

using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Onnx;

namespace ActressOnnx.Functions.Tests.Endpoints;

/// <summary>One function app per test class, serving the tiny colour model published to the shared Azurite.</summary>
public sealed class PublishedModelApp : IAsyncDisposable
{
    /// <summary>The request body limit the app is started with, small so the 413 tests stay cheap.</summary>
    public const long MaxRequestBytes = 256 * 1024;

    private readonly SemaphoreSlim _startLock = new(1, 1);
    private FunctionAppProcess? _app;

    internal PublishResult? Published { get; private set; }

    internal async Task<FunctionAppProcess> GetAsync(AzuriteFixture azurite)
    {
        await _startLock.WaitAsync();
        try
        {
            if (_app is null)
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

                _app = await FunctionAppProcess.StartAsync(new Dictionary<string, string>
                {
                    ["ModelStorage__ConnectionString"] = storage.ConnectionString!,
                    ["ModelStorage__ContainerName"] = storage.ContainerName,
                    ["ModelStorage__ModelName"] = storage.ModelName,
                    ["Serving__MaxRequestBytes"] = MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
            }

            return _app;
        }
        finally
        {
            _startLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _startLock.Dispose();
    }
}

using System.Globalization;
using ActressOnnx.Storage;
using ActressOnnx.Testing;
using ActressOnnx.Testing.Azurite;
using ActressOnnx.Testing.Onnx;
using ActressOnnx.Testing.Serving;

namespace ActressOnnx.Functions.Tests.Worker;

/// <summary>The standalone host (a child process, over loopback HTTP) and the in-process worker, serving the same published model.</summary>
public sealed class TwoHostsFixture : IAsyncLifetime
{
    private readonly Lock _startLock = new();
    private Task<(FunctionAppProcess Host, InProcessWorker Worker)>? _hosts;

    internal PublishResult? Published { get; private set; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_hosts is not null)
        {
            var (host, worker) = await _hosts;
            await host.DisposeAsync();
            worker.Dispose();
        }
    }

    /// <summary>Both hosts, started on first use (the Azurite collection fixture is not available to class fixtures).</summary>
    internal Task<(FunctionAppProcess Host, InProcessWorker Worker)> GetAsync(AzuriteFixture azurite)
    {
        lock (_startLock)
        {
            return _hosts ??= StartAsync(azurite);
        }
    }

    private async Task<(FunctionAppProcess Host, InProcessWorker Worker)> StartAsync(AzuriteFixture azurite)
    {
        var storage = new ModelStorageOptions { ConnectionString = azurite.ConnectionString, ContainerName = azurite.NewContainerName("hosts"), ModelName = "colours" };
        var directory = TestPaths.NewTempDirectory();
        try
        {
            Published = await ModelRepositoryClient.Create(storage).PublishAsync(TinyColorModel.WriteTo(Path.Combine(directory.FullName, "model.onnx")), CancellationToken.None);
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        var settings = new Dictionary<string, string>
        {
            ["ModelStorage__ConnectionString"] = storage.ConnectionString!,
            ["ModelStorage__ContainerName"] = storage.ContainerName,
            ["ModelStorage__ModelName"] = storage.ModelName,
            ["Serving__MaxRequestBytes"] = ServingCases.MaxRequestBytes.ToString(CultureInfo.InvariantCulture),
        };
        var host = await FunctionAppProcess.StartAsync(settings);
        try
        {
            return (host, await InProcessWorker.StartAsync(settings));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }
}

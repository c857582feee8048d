using System.Net.Http.Headers;
using System.Text.Json;
using ActressOnnx.Testing.Onnx;

namespace ActressOnnx.Functions.Tests.ModelLifecycle;

/// <summary>Clients that POST an image to /api/predict back to back until stopped, recording every answer.</summary>
internal sealed class PredictionLoad : IAsyncDisposable
{
    private static readonly byte[] Image = ColorImages.RedPng();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string>[] _versions;
    private readonly List<string> _failures = [];
    private readonly Task[] _clients;
    private int _answers;

    private PredictionLoad(HttpClient client, int clients)
    {
        _versions = [.. Enumerable.Range(0, clients).Select(_ => new List<string>())];
        _clients = [.. Enumerable.Range(0, clients).Select(i => Task.Run(() => RunAsync(client, _versions[i])))];
    }

    /// <summary>How many answers have arrived so far.</summary>
    public int Answers => Volatile.Read(ref _answers);

    public static PredictionLoad Start(HttpClient client, int clients) => new(client, clients);

    public async Task WaitForAnswersAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (Answers < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    /// <summary>Stops the clients; returns each client's versions in the order it saw them, and every non-200 answer.</summary>
    public async Task<(IReadOnlyList<IReadOnlyList<string>> VersionsByClient, IReadOnlyList<string> Failures)> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
        lock (_failures)
        {
            return (_versions, [.. _failures]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task RunAsync(HttpClient client, List<string> versions)
    {
        while (!_stop.IsCancellationRequested)
        {
            using var content = new ByteArrayContent(Image);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            using var response = await client.PostAsync(new Uri("/api/predict", UriKind.Relative), content);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                lock (_failures)
                {
                    _failures.Add($"{(int)response.StatusCode}: {body}");
                }
            }
            else
            {
                versions.Add(JsonDocument.Parse(body).RootElement.GetProperty("model").GetProperty("version").GetString()!);
            }

            Interlocked.Increment(ref _answers);
        }
    }
}

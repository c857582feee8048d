using System.Diagnostics;

namespace ActressOnnx.Benchmarks.Serving;

/// <summary>
/// A closed-loop load generator like <c>hey -c N</c>: N workers each send a request, wait for the whole answer and send
/// the next, first for a warm-up period (not recorded), then for the measured period.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(
        HttpClient client, Func<HttpRequestMessage> request, int concurrency, TimeSpan warmUp, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);

        var clock = Stopwatch.StartNew();
        var measureFrom = warmUp;
        var stopAt = warmUp + duration;
        var latencies = new List<double>[concurrency];
        var errors = new int[concurrency];
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = [];
            while (clock.Elapsed < stopAt)
            {
                var started = clock.Elapsed;
                var ok = await SendAsync(client, request(), cancellationToken).ConfigureAwait(false);
                if (started < measureFrom)
                {
                    continue;
                }

                if (ok)
                {
                    mine.Add((clock.Elapsed - started).TotalMilliseconds);
                }
                else
                {
                    errors[worker]++;
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);

        // Requests that started inside the window but ended after it still count; the window is from warm-up to the last answer.
        var seconds = (clock.Elapsed - measureFrom).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length, errors.Sum(), seconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static async Task<bool> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false))
        {
            await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
    }

    private static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}

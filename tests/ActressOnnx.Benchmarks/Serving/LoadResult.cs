namespace ActressOnnx.Benchmarks.Serving;

/// <summary>What one load run measured: successful requests, their latency percentiles and the throughput.</summary>
internal sealed record LoadResult(int Requests, int Errors, double Seconds, double P50Milliseconds, double P99Milliseconds)
{
    public double RequestsPerSecond => Requests / Seconds;
}

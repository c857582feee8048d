using ActressOnnx.Benchmarks.Serving;
using BenchmarkDotNet.Running;

// Examples:
//   dotnet run -c Release --project tests/ActressOnnx.Benchmarks -- --filter '*DecodeBenchmarks*'
//   dotnet run -c Release --project tests/ActressOnnx.Benchmarks -- load     (the function app under load; see README)
//   dotnet run -c Release --project tests/ActressOnnx.Benchmarks -- coldstart [--starts N]   (process start to first prediction; see docs/serving.md)
//   dotnet run -c Release --project tests/ActressOnnx.Benchmarks -- audit-eval near-duplicates   (see docs/audit.md)
if (args is ["load", ..])
{
    return await ServingLoadBenchmark.RunAsync(args[1..]);
}

if (args is ["coldstart", ..])
{
    return await ColdStartBenchmark.RunAsync(args[1..]);
}

if (args is ["audit-eval", ..])
{
    return ActressOnnx.Benchmarks.Audit.AuditEvaluation.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

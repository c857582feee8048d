using BenchmarkDotNet.Running;

// Example: dotnet run -c Release --project tests/ActressOnnx.Benchmarks -- --filter '*DecodeBenchmarks*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Breakwater.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Breakwater.Bench.ApplyBenchmarks).Assembly).Run(args);

using Breakwater.Lab.Policies;
using Breakwater.Lab.Reports;
using Breakwater.Lab.Scenarios;

namespace Breakwater.Lab.Replay;

/// <summary>Options of one lab run.</summary>
public sealed record LabOptions
{
    /// <summary>Data folder (--data), or null.</summary>
    public string? DataDir { get; init; }
    /// <summary>Population size override.</summary>
    public int? Accounts { get; init; }
    /// <summary>Seed override.</summary>
    public int? Seed { get; init; }
    /// <summary>Output folder; default ./breakwater-out/&lt;scenario&gt;.</summary>
    public string? OutDir { get; init; }
    /// <summary>Run the policies one after another instead of in parallel.</summary>
    public bool Sequential { get; init; }
}

/// <summary>Runs a scenario under several policies side by side (same data, seed and population) and writes the reports.</summary>
public static class LabRun
{
    /// <summary>Runs and writes report.json/.md/.html and events-&lt;policy&gt;.db into the output folder.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="policies">Policies (distinct names).</param>
    /// <param name="options">Options.</param>
    /// <param name="progress">Called with (policy name, fraction done), from worker threads.</param>
    /// <exception cref="ScenarioException">bad scenario, policy or missing data.</exception>
    /// <exception cref="Data.DataException">bad market data.</exception>
    public static (ReplayReport Report, string OutDir) Run(Scenario scenario, IReadOnlyList<Policy> policies, LabOptions options, Action<string, double>? progress = null)
    {
        var dupe = policies.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (dupe is not null) throw new ScenarioException($"policy name '{dupe.Key}' appears twice");
        var input = ReplayInput.Prepare(scenario, options.DataDir, options.Accounts, options.Seed);
        var outDir = Path.GetFullPath(options.OutDir ?? Path.Combine("breakwater-out", scenario.Name));
        Directory.CreateDirectory(outDir);
        var results = new PolicyResult[policies.Count];
        void RunOne(int i)
        {
            var p = policies[i];
            var runner = new ReplayRunner(input, p, Path.Combine(outDir, $"events-{p.Name}.db"));
            results[i] = runner.Run(new Progress(f => progress?.Invoke(p.Name, f)));
        }
        if (options.Sequential) for (var i = 0; i < policies.Count; i++) RunOne(i);
        else Parallel.For(0, policies.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, RunOne);
        var report = new ReplayReport
        {
            Scenario = scenario.Name, Description = scenario.Description,
            Start = Data.MarketDataReader.Iso(input.Start), End = Data.MarketDataReader.Iso(input.End),
            Seed = input.Seed, Accounts = input.Traders.Count,
            SourceLabels = input.Markets[0].Sources.Select(s => s.Label).ToList(),
            DataFiles = new Dictionary<string, string>(input.DataHashes),
            Policies = [.. results],
        };
        ReportWriter.WriteAll(report, outDir);
        return (report, outDir);
    }

    private sealed class Progress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}

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
        // With injections, every policy also replays the same population without them: the difference is the harm.
        var counterfactual = scenario.Injections.Count > 0
            ? ReplayInput.Prepare(scenario with { Injections = [] }, options.DataDir, options.Accounts, options.Seed)
            : null;
        var runs = counterfactual is null ? 1 : 2;
        var results = new PolicyResult[policies.Count];
        var without = new PolicyResult[policies.Count];
        var done = new double[policies.Count, 2];
        void RunOne(int job)
        {
            var (i, cf) = (job / runs, job % runs == 1);
            var p = policies[i];
            var runner = cf
                ? new ReplayRunner(counterfactual!, p, new LabSink(eventLogPath: null))
                : new ReplayRunner(input, p, new LabSink(Path.Combine(outDir, $"events-{p.Name}.db"), input.Traders.Count));
            var r = runner.Run(new Progress(f =>
            {
                lock (done)
                {
                    done[i, cf ? 1 : 0] = f;
                    progress?.Invoke(p.Name, (done[i, 0] + done[i, 1]) / runs);
                }
            }));
            if (cf) without[i] = r;
            else results[i] = r;
        }
        var jobs = policies.Count * runs;
        if (options.Sequential) for (var j = 0; j < jobs; j++) RunOne(j);
        else Parallel.For(0, jobs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, RunOne);
        if (counterfactual is not null)
            for (var i = 0; i < results.Length; i++) results[i].Harm = Harm.Between(results[i], without[i]);
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

using System.Globalization;
using System.Text.Json;
using Breakwater.Lab.Policies;
using Breakwater.Lab.Reports;
using Breakwater.Lab.Scenarios;

namespace Breakwater.Lab.Replay;

/// <summary>One point of a parameter sweep: its overrides, the mean outcome over the seeds, and whether it is on the Pareto frontier.</summary>
public sealed class SweepPoint
{
    /// <summary>Short name (p01, p02, …), also the folder of its reports.</summary>
    public string Name { get; init; } = "";
    /// <summary>Parameter values of this point, by name.</summary>
    public Dictionary<string, JsonElement> Params { get; init; } = [];
    /// <summary>Mean over seeds of bad debt + insurance-fund drawdown + socialized loss, USD.</summary>
    public double LossUsd { get; set; }
    /// <summary>Mean over seeds of halted time + time unable to reduce, seconds.</summary>
    public double DisruptionSeconds { get; set; }
    /// <summary>Mean bad debt, USD.</summary>
    public double BadDebtUsd { get; set; }
    /// <summary>Mean insurance-fund drawdown, USD.</summary>
    public double InsuranceDrawdownUsd { get; set; }
    /// <summary>Mean socialized loss, USD.</summary>
    public double SocializedLossUsd { get; set; }
    /// <summary>Mean halted time, seconds.</summary>
    public double HaltSeconds { get; set; }
    /// <summary>Mean time unable to reduce, seconds.</summary>
    public double CannotReduceSeconds { get; set; }
    /// <summary>Mean reduce-only time, seconds (reported; not part of disruption: reducing stays possible).</summary>
    public double ReduceOnlySeconds { get; set; }
    /// <summary>No other point has both less (or equal) loss and less (or equal) disruption, one of them strictly.</summary>
    public bool Pareto { get; set; }
    /// <summary>Each seed's report.html, relative to the sweep folder.</summary>
    public List<string> Reports { get; } = [];
}

/// <summary>
/// The grid of a parameter sweep: every combination of the given values on top of a base policy, replayed with every
/// seed, in parallel on every core; the Pareto frontier of loss (bad debt + insurance drawdown + socialized loss)
/// against disruption (halted + unable-to-reduce time).
/// </summary>
public static class SweepRun
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Every combination of the grid's values, in the grid's order (the last parameter varies fastest).</summary>
    public static List<Dictionary<string, JsonElement>> Combinations(IReadOnlyList<(string Name, JsonElement[] Values)> grid)
    {
        var all = new List<Dictionary<string, JsonElement>> { new() };
        foreach (var (name, values) in grid)
            all = [.. all.SelectMany(c => values.Select(v => new Dictionary<string, JsonElement>(c) { [name] = v }))];
        return all;
    }

    /// <summary>Marks the points no other point dominates (less or equal on both axes, strictly less on one).</summary>
    public static void MarkPareto(IReadOnlyList<SweepPoint> points)
    {
        foreach (var p in points)
            p.Pareto = !points.Any(q => !ReferenceEquals(p, q) && q.LossUsd <= p.LossUsd && q.DisruptionSeconds <= p.DisruptionSeconds
                && (q.LossUsd < p.LossUsd || q.DisruptionSeconds < p.DisruptionSeconds));
    }

    /// <summary>Runs the sweep and writes sweep.json and sweep.html into <paramref name="outDir"/> (each point's reports under points/).</summary>
    /// <exception cref="ScenarioException">an unknown parameter or a value it does not take (checked before anything runs).</exception>
    public static List<SweepPoint> Run(Scenario scenario, string basePolicy, IReadOnlyList<(string Name, JsonElement[] Values)> grid, IReadOnlyList<int> seeds,
        LabOptions options, string outDir, Action<SweepPoint, int, int>? progress = null)
    {
        var combos = Combinations(grid);
        var points = combos.Select((c, i) => new SweepPoint { Name = $"p{(i + 1).ToString("D2", CultureInfo.InvariantCulture)}", Params = c }).ToList();
        // Each point's policy is built, and so checked, before anything runs: a Policy refuses an unknown name or a bad value.
        var policies = points.Select(p => new Policy(p.Name, basePolicy, p.Params)).ToList();
        var results = new PolicyResult[points.Count, seeds.Count];
        var finished = 0;
        Parallel.For(0, points.Count * seeds.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, job =>
        {
            var (i, s) = (job / seeds.Count, job % seeds.Count);
            var point = points[i];
            var dir = Path.Combine(outDir, "points", point.Name, $"seed-{seeds[s]}");
            var (report, _) = LabRun.Run(scenario, [policies[i]], options with { Seed = seeds[s], OutDir = dir, Sequential = true });
            results[i, s] = report.Policies[0];
            var done = Interlocked.Increment(ref finished);
            progress?.Invoke(point, done, points.Count * seeds.Count);
        });
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            double Mean(Func<PolicyResult, double> f) => Enumerable.Range(0, seeds.Count).Average(s => f(results[i, s]));
            p.BadDebtUsd = Mean(r => r.BadDebtUsd);
            p.InsuranceDrawdownUsd = Mean(r => r.InsuranceDrawdownUsd);
            p.SocializedLossUsd = Mean(r => r.SocializedLossUsd);
            p.LossUsd = p.BadDebtUsd + p.InsuranceDrawdownUsd + p.SocializedLossUsd;
            p.HaltSeconds = Mean(r => r.HaltSeconds);
            p.CannotReduceSeconds = Mean(r => r.CannotReduceSeconds);
            p.ReduceOnlySeconds = Mean(r => r.ReduceOnlySeconds);
            p.DisruptionSeconds = p.HaltSeconds + p.CannotReduceSeconds;
            p.Reports.AddRange(seeds.Select(s => $"points/{p.Name}/seed-{s}/report.html"));
        }
        MarkPareto(points);
        Directory.CreateDirectory(outDir);
        var json = JsonSerializer.Serialize(new
        {
            scenario = scenario.Name, basePolicy, seeds, grid = grid.ToDictionary(g => g.Name, g => g.Values),
            points = points.Select(p => new
            {
                name = p.Name, @params = p.Params, lossUsd = Math.Round(p.LossUsd, 2), disruptionSeconds = Math.Round(p.DisruptionSeconds, 1),
                badDebtUsd = Math.Round(p.BadDebtUsd, 2), insuranceDrawdownUsd = Math.Round(p.InsuranceDrawdownUsd, 2), socializedLossUsd = Math.Round(p.SocializedLossUsd, 2),
                haltSeconds = p.HaltSeconds, cannotReduceSeconds = p.CannotReduceSeconds, reduceOnlySeconds = p.ReduceOnlySeconds, pareto = p.Pareto, reports = p.Reports,
            }),
        }, Indented);
        File.WriteAllText(Path.Combine(outDir, "sweep.json"), json);
        File.WriteAllText(Path.Combine(outDir, "sweep.html"), SweepHtml.Render(scenario.Name, basePolicy, seeds, points, json));
        return points;
    }
}

using System.CommandLine;
using System.Text.Json;
using Breakwater.Lab.Data;
using Breakwater.Lab.Policies;
using Breakwater.Lab.Replay;
using Breakwater.Lab.Scenarios;
using Spectre.Console;

namespace Breakwater.Cli.Commands;

/// <summary>
/// <c>breakwater sweep SCENARIO --param name=v1,v2,… [--param …] [--seeds N] [--out DIR]</c>: the grid of policies,
/// run in parallel on every core, with the Pareto frontier of loss against disruption.
/// </summary>
public static class SweepCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "A built-in scenario name or a scenario JSON file." };
        var param = new Option<string[]>("--param") { Description = "A parameter and its values, e.g. breaker.band=0.05,0.1,0.2 (repeat; the grid is every combination). Names: replay --help.", Required = true };
        var basePolicy = new Option<string>("--base") { Description = "The policy the parameters override.", DefaultValueFactory = _ => "breakwater" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per point (42, 43, …); each point's outcome is the mean.", DefaultValueFactory = _ => 1 };
        var accounts = new Option<int?>("--accounts") { Description = "Population size (default: the scenario's)." };
        var data = new Option<string?>("--data") { Description = "Data folder (else $BREAKWATER_DATA, else ../shared/data)." };
        var outDir = new Option<string?>("--out") { Description = "Output folder (default ./breakwater-out/sweep-<scenario>)." };
        var cmd = new Command("sweep", "Replay a scenario over a grid of parameter values (every combination, in parallel) and write sweep.json and sweep.html with the Pareto frontier of loss (bad debt + insurance drawdown + socialized loss) against disruption (halted + unable-to-reduce time).")
            { scenario, param, basePolicy, seeds, accounts, data, outDir };
        cmd.SetAction(p =>
        {
            try
            {
                var s = ScenarioLoader.Load(p.GetValue(scenario)!);
                if (!Policy.BuiltIns.Contains(p.GetValue(basePolicy)!)) throw new ScenarioException($"--base must be one of {string.Join(", ", Policy.BuiltIns)}");
                if (p.GetValue(seeds) is < 1 or > 100) throw new ScenarioException("--seeds must be 1..100");
                var grid = p.GetValue(param)!.Select(Parse).ToList();
                if (grid.Select(g => g.Name).Distinct().Count() != grid.Count) throw new ScenarioException("a parameter appears in two --param options");
                var points = grid.Aggregate(1, (n, g) => n * g.Values.Length);
                if (points > 1_000) throw new ScenarioException($"{points} points: at most 1,000");
                var seedList = Enumerable.Range(42, p.GetValue(seeds)).ToList();
                var dir = Path.GetFullPath(p.GetValue(outDir) ?? Path.Combine("breakwater-out", $"sweep-{s.Name}"));
                var started = DateTime.UtcNow;
                Console.WriteLine($"{points} points × {seedList.Count} seed(s) on {Environment.ProcessorCount} cores → {dir}");
                var result = SweepRun.Run(s, p.GetValue(basePolicy)!, grid, seedList,
                    new LabOptions { DataDir = p.GetValue(data), Accounts = p.GetValue(accounts) }, dir,
                    (pt, done, total) => Console.WriteLine($"  [{done}/{total}] {pt.Name} {string.Join(" ", pt.Params.Select(kv => $"{kv.Key}={kv.Value.GetRawText()}"))}"));
                var t = new Table().Border(TableBorder.Rounded).Title("Pareto frontier (mean over seeds)");
                t.AddColumns("point", "parameters", "loss (USD)", "disruption (h)", "reduce-only (h)");
                foreach (var pt in result.Where(x => x.Pareto).OrderBy(x => x.DisruptionSeconds))
                    t.AddRow(pt.Name, Markup.Escape(string.Join(", ", pt.Params.Select(kv => $"{kv.Key}={kv.Value.GetRawText()}"))),
                        $"{pt.LossUsd:N0}", $"{pt.DisruptionSeconds / 3600:N2}", $"{pt.ReduceOnlySeconds / 3600:N2}");
                AnsiConsole.Write(t);
                Console.WriteLine($"sweep.json, sweep.html in {dir} — {(DateTime.UtcNow - started).TotalSeconds:N0} s");
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is ScenarioException or DataException or IOException or JsonException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return cmd;
    }

    /// <summary>Parses <c>name=v1,v2</c>; a value that is not JSON (a number, true/false, a quoted string) is taken as a string.</summary>
    private static (string Name, JsonElement[] Values) Parse(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1) throw new ScenarioException($"--param '{text}': expected name=value1,value2,…");
        var values = text[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries);
        if (values.Any(v => v.Length == 0)) throw new ScenarioException($"--param '{text}': an empty value");
        return (text[..eq].Trim(), [.. values.Select(v =>
        {
            try { return JsonDocument.Parse(v).RootElement.Clone(); }
            catch (JsonException) { return JsonDocument.Parse(JsonSerializer.Serialize(v)).RootElement.Clone(); }
        })]);
    }
}

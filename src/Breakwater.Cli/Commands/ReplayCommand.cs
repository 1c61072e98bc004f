using System.CommandLine;
using Breakwater.Lab.Data;
using Breakwater.Lab.Policies;
using Breakwater.Lab.Replay;
using Breakwater.Lab.Reports;
using Breakwater.Lab.Scenarios;
using Spectre.Console;

namespace Breakwater.Cli.Commands;

/// <summary><c>breakwater replay</c>: the main job.</summary>
public static class ReplayCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = $"A built-in scenario name or a scenario JSON file (default: {ScenarioLoader.DefaultScenario}).", DefaultValueFactory = _ => ScenarioLoader.DefaultScenario };
        var data = new Option<string?>("--data") { Description = $"Folder holding the market data files (else ${ScenarioLoader.DataEnvironmentVariable}, else ../shared/data beside the repository)." };
        var policy = new Option<string[]>("--policy") { Description = "Policy to run: a built-in (baseline, breakwater) or a policy JSON file. Repeat for several; default: all built-ins.", AllowMultipleArgumentsPerToken = false };
        var accounts = new Option<int?>("--accounts") { Description = "Population size (default: the scenario's, 10,000)." };
        var seed = new Option<int?>("--seed") { Description = "Population seed (default: the scenario's, 42)." };
        var outDir = new Option<string?>("--out") { Description = "Output folder (default: ./breakwater-out/<scenario>)." };
        var sequential = new Option<bool>("--sequential") { Description = "Run policies one after another (default: in parallel)." };
        var cmd = new Command("replay", "Replay a real market crash through the protocol under several response policies, side by side, and report bad debt, insurance fund, ADL, halts and incidents.")
        {
            scenario, data, policy, accounts, seed, outDir, sequential,
        };
        cmd.SetAction(parse =>
        {
            try
            {
                var s = ScenarioLoader.Load(parse.GetValue(scenario)!);
                var names = parse.GetValue(policy) is { Length: > 0 } given ? given : Policy.BuiltIns;
                var policies = names.Select(PolicyLoader.Load).ToList();
                var options = new LabOptions
                {
                    DataDir = parse.GetValue(data), Accounts = parse.GetValue(accounts), Seed = parse.GetValue(seed),
                    OutDir = parse.GetValue(outDir), Sequential = parse.GetValue(sequential),
                };
                if (options.Accounts is < 1) throw new ScenarioException("--accounts must be at least 1");
                var started = DateTime.UtcNow;
                (ReplayReport Report, string OutDir) result = default;
                AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .Start(ctx =>
                    {
                        var tasks = policies.ToDictionary(p => p.Name, p => ctx.AddTask($"{s.Name} · {p.Name}", maxValue: 1.0));
                        result = LabRun.Run(s, policies, options, (name, f) => tasks[name].Value = f);
                    });
                Print(result.Report!, result.OutDir!, DateTime.UtcNow - started);
                return ExitCodes.Ok;
            }
            catch (ScenarioException e) { return Fail(e.Message); }
            catch (DataException e) { return Fail($"bad market data: {e.Message}"); }
        });
        return cmd;
    }

    private static int Fail(string message)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {message}");
        return ExitCodes.BadInput;
    }

    private static void Print(ReplayReport r, string outDir, TimeSpan elapsed)
    {
        var table = new Table().Title($"{r.Scenario}: {r.Start} → {r.End}, {r.Accounts:N0} accounts, seed {r.Seed}");
        foreach (var h in ReportWriter.SummaryHeaders) table.AddColumn(new TableColumn(h).RightAligned());
        foreach (var row in ReportWriter.SummaryRows(r)) table.AddRow(row.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
        if (r.Policies.Any(p => p.Harm is not null))
        {
            var harm = new Table().Title("harm caused by the injections (minus the same replay without them)");
            foreach (var h in ReportWriter.HarmHeaders) harm.AddColumn(new TableColumn(h).RightAligned());
            foreach (var row in ReportWriter.HarmRows(r)) harm.AddRow(row.Select(Markup.Escape).ToArray());
            AnsiConsole.Write(harm);
        }
        foreach (var p in r.Policies) AnsiConsole.MarkupLineInterpolated($"[grey]{p.Name}: log head {p.LogHeadHash[..16]}…  state {p.FinalStateHash[..16]}…  {p.Events:N0} events[/]");
        AnsiConsole.MarkupLineInterpolated($"Reports in [blue]{outDir}[/] (report.json, report.md, report.html, events-*.db) — {elapsed.TotalSeconds:F1} s");
    }
}

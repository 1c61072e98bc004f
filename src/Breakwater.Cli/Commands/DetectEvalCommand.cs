using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Breakwater.Lab.Data;
using Breakwater.Lab.Policies;
using Breakwater.Lab.Replay;
using Breakwater.Lab.Scenarios;
using Breakwater.Protocol.Events;
using Breakwater.Watch;
using Breakwater.Watch.Detectors;
using Spectre.Console;

namespace Breakwater.Cli.Commands;

/// <summary>
/// <c>breakwater detect-eval [--suite FILE] [--json]</c>: runs every detector over labelled cases (replays of real
/// windows, with or without an injection, under the breakwater policy) and prints TP, FP, missed, precision,
/// recall and median/worst detection latency per detector and overall. A case's label is its injection window,
/// or the crash intervals the suite states.
/// </summary>
public static class DetectEvalCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private sealed record Suite(string? Description, int Accounts, List<SuiteCase> Cases);
    private sealed record SuiteCase(string Name, string Scenario, Injection? Injection, List<Interval>? Incidents, CrashLabel? Crash,
        double? InsuranceFundUsd = null, InsolvencyLabel? Insolvency = null, string? Policy = null);
    private sealed record Interval(DateTimeOffset Start, DateTimeOffset End, string? Class);

    /// <summary>
    /// A real crash labelled by its move (<see cref="MoveOnset"/>), from the onset to <c>End</c>: rule "sigma" (default;
    /// <c>Sigmas</c> default 3) or "divergence" (<c>Fraction</c> default 0.02, for a depeg seen as sources parting).
    /// </summary>
    private sealed record CrashLabel(DateTimeOffset End, string? Rule, double? Sigmas, double? Fraction);

    /// <summary>
    /// Insolvency, labelled by its ground truth: from the first draw on the insurance fund (the first loss beyond an
    /// account's collateral) to <c>End</c>. A case can set <c>insuranceFundUsd</c> to replay an under-funded protocol, and
    /// <c>policy</c> (default breakwater) to watch a protocol without breakwater's protection.
    /// </summary>
    private sealed record InsolvencyLabel(DateTimeOffset End);

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var suite = new Option<string?>("--suite") { Description = "Suite JSON (default: the built-in suite)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var data = new Option<string?>("--data") { Description = "Data folder." };
        var config = new Option<string?>("--config") { Description = "Detector thresholds: a JSON file with a \"detectors\" object, as for watch --config." };
        var sweep = new Option<bool>("--sweep") { Description = "Vary each detector's main threshold and write detect-eval.html (precision/recall per threshold, the default marked, and each case's findings against its labelled windows) and detect-eval.json." };
        var outDir = new Option<string>("--out") { Description = "Folder for --sweep's files.", DefaultValueFactory = _ => Path.Combine("breakwater-out", "detect-eval") };
        var cmd = new Command("detect-eval", "Score the watchers' detectors on labelled cases: precision, recall over each detector's own incident classes, false alarms per 30 days of calm data, latency in seconds and oracle intervals.") { suite, json, data, config, sweep, outDir };
        cmd.SetAction(p =>
        {
            try
            {
                var s = Load(p.GetValue(suite));
                var cases = new List<LabelledCase>();
                foreach (var c in s.Cases)
                {
                    if (!p.GetValue(json)) Console.Error.WriteLine($"replaying {c.Name} …");
                    cases.Add(Build(c, s.Accounts, p.GetValue(data)));
                }
                var thresholds = p.GetValue(config) is { } cfgPath
                    ? DetectorConfig.Parse((JsonNode.Parse(File.ReadAllText(cfgPath)) ?? throw new JsonException($"{cfgPath} is empty"))["detectors"])
                    : new DetectorConfig();
                thresholds = WithLabAccounts(thresholds);
                var scores = DetectionBenchmark.Evaluate(cases, thresholds.Create, 900, out var perCase);
                if (p.GetValue(sweep))
                {
                    var written = DetectionSweep.Write(cases, thresholds, p.GetValue(outDir)!);
                    Console.Error.WriteLine($"wrote {written}");
                }
                if (p.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(new
                {
                    detectors = scores.Select(x => new
                    {
                        detector = x.Detector, classes = x.Classes, truePositives = x.TruePositives, falsePositives = x.FalsePositives, detected = x.Detected, missed = x.Missed,
                        precision = x.Precision, recall = x.Recall, medianLatencySeconds = x.MedianLatency, worstLatencySeconds = x.WorstLatency,
                        medianLatencyIntervals = x.MedianLatencyIntervals, falseAlarmsPer30Days = x.FalseAlarmsPer30Days,
                    }),
                    cases = perCase.Select(x => new { @case = x.Case, incidentStart = x.Start, @class = x.Class, firstDetector = x.Detector, latencySeconds = x.Latency, latencyIntervals = x.LatencyIntervals, falsePositives = x.FalsePositives, falsePositivesByDetector = x.FalsePositivesByDetector }),
                }, Indented));
                else
                {
                    Print(scores, cases.Count);
                    PrintCases(perCase);
                }
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is ScenarioException or DataException or JsonException or IOException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return cmd;
    }

    /// <summary>
    /// The lab's protocol-owned accounts — the backstop liquidity and its outside-market hedge, which a real protocol holds
    /// off its own book — as the concentration detector's ignored accounts, unless the config lists its own.
    /// </summary>
    private static DetectorConfig WithLabAccounts(DetectorConfig c)
    {
        if (c.Concentration.IgnoreAccounts.Length > 0) return c;
        var node = JsonSerializer.SerializeToNode(c, DetectorConfig.Json)!.AsObject();
        node["concentration"]!["ignoreAccounts"] = new JsonArray(ReplayRunner.Backstop, ReplayRunner.OutsideMarket);
        return DetectorConfig.Parse(node);
    }

    private static Suite Load(string? path)
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };
        if (path is null)
        {
            using var s = typeof(DetectEvalCommand).Assembly.GetManifestResourceStream("default-suite.json")!;
            return JsonSerializer.Deserialize<Suite>(s, options)!;
        }
        if (!File.Exists(path)) throw new IOException($"no suite file at {path}");
        return JsonSerializer.Deserialize<Suite>(File.ReadAllText(path), options) ?? throw new JsonException($"{path}: empty suite");
    }

    private static LabelledCase Build(SuiteCase c, int accounts, string? dataDir)
    {
        var scenario = ScenarioLoader.Load(c.Scenario);
        if (c.InsuranceFundUsd is { } fund)
            scenario = fund is > 0 and < 1e12 ? scenario with { InsuranceFundUsd = fund }
                : throw new ScenarioException($"case '{c.Name}': insuranceFundUsd must be positive and below $1e12, got {fund}");
        var labels = (c.Incidents ?? []).Select(i => new Label(i.Start.ToUnixTimeSeconds(), i.End.ToUnixTimeSeconds(), i.Class ?? IncidentClass.Crash)).ToList();
        if (c.Injection is { } inj)
        {
            scenario = scenario with { Injections = [inj] };
            var start = inj.At.ToUnixTimeSeconds();
            labels.Add(new Label(inj.Type == "concentratedPosition" ? start - 3_600 : start, start + inj.DurationSeconds, IncidentClass.OfInjection(inj.Type, scenario.Markets[0].Sources.Count)));
        }
        var input = ReplayInput.Prepare(scenario, dataDir, accounts, null);
        var events = new List<(long, ProtocolEvent)>();
        var runner = new ReplayRunner(input, PolicyLoader.Load(c.Policy ?? "breakwater"), new LabSink(Path.Combine(Path.GetTempPath(), $"bw-eval-{Guid.NewGuid():N}.db")));
        var rejections = new List<(long, string)>();
        runner.Observer = (t, es) => { foreach (var e in es) events.Add((t, e)); };
        runner.RejectionObserver = (t, _, r) => rejections.Add((t, r.Reason.ToString()));
        var result = runner.Run();
        File.Delete(result.EventLog);
        if (c.Crash is { } crash)
        {
            var onset = (crash.Rule ?? "sigma") switch
            {
                "sigma" => MoveOnset.Find(events, 0, crash.Sigmas ?? 3)
                    ?? throw new ScenarioException($"case '{c.Name}': no report moves more than {crash.Sigmas ?? 3} daily sigmas from the previous close, so the crash has no onset in this window"),
                "divergence" => MoveOnset.FindDivergence(events, 0, crash.Fraction ?? 0.02)
                    ?? throw new ScenarioException($"case '{c.Name}': no report parts from the index by more than {crash.Fraction ?? 0.02:P0}"),
                var r => throw new ScenarioException($"case '{c.Name}': crash rule '{r}' is not sigma or divergence"),
            };
            labels.Add(new Label(onset, crash.End.ToUnixTimeSeconds(), crash.Rule == "divergence" ? IncidentClass.SourceDivergence : IncidentClass.Crash));
        }
        if (c.Insolvency is { } insolvency)
        {
            var first = events.FirstOrDefault(e => e.Item2 is InsuranceFundDrawn);
            if (first.Item2 is null) throw new ScenarioException($"case '{c.Name}': the insurance fund is never drawn, so there is no insolvency to label");
            labels.Add(new Label(first.Item1, insolvency.End.ToUnixTimeSeconds(), IncidentClass.Insolvency));
        }
        return new LabelledCase(c.Name, events, labels, rejections);
    }

    private static void PrintCases(List<CaseDetection> rows)
    {
        var t = new Table().Title("first detection per labelled incident");
        foreach (var h in new[] { "case", "class", "incident start (UTC)", "first detector", "latency", "oracle intervals", "false positives in case" }) t.AddColumn(h);
        foreach (var r in rows)
            t.AddRow(Markup.Escape(r.Case), r.Class ?? "calm", r.Start is { } s ? MarketDataReader.Iso(s) : "(none labelled)", Markup.Escape(r.Detector ?? (r.Start is null ? "–" : "missed")),
                r.Latency is { } l ? (l < 120 ? $"{l} s" : $"{l / 60.0:F1} min") : "–", r.LatencyIntervals is { } n ? $"{n:F1}" : "–", $"{r.FalsePositives}");
        AnsiConsole.Write(t);
    }

    private static void Print(List<DetectorScore> scores, int cases)
    {
        var t = new Table().Title($"detectors over {cases} labelled cases");
        foreach (var h in new[] { "detector", "classes", "TP", "FP", "detected", "missed", "precision", "recall (own classes)", "false alarms / 30 d", "median latency", "median (intervals)", "worst latency" }) t.AddColumn(h);
        string L(long? s) => s is null ? "–" : s < 120 ? $"{s} s" : $"{s / 60.0:F1} min";
        foreach (var s in scores)
            t.AddRow(s.Detector, string.Join(", ", s.Classes), $"{s.TruePositives}", $"{s.FalsePositives}", $"{s.Detected}", $"{s.Missed}",
                s.Precision.ToString("P0", CultureInfo.InvariantCulture), s.Detected + s.Missed == 0 ? "–" : s.Recall.ToString("P0", CultureInfo.InvariantCulture),
                s.FalseAlarmsPer30Days is { } fa ? fa.ToString("F1", CultureInfo.InvariantCulture) : "–", L(s.MedianLatency),
                s.MedianLatencyIntervals is { } n ? n.ToString("F1", CultureInfo.InvariantCulture) : "–", L(s.WorstLatency));
        AnsiConsole.Write(t);
    }
}

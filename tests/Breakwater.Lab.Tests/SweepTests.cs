using System.Text.Json;
using Breakwater.Lab.Replay;
using Breakwater.Lab.Scenarios;

namespace Breakwater.Lab.Tests;

public class SweepTests
{
    private static JsonElement J(string s) => JsonDocument.Parse(s).RootElement.Clone();

    [Fact]
    public void Combinations_AreTheFullGrid_LastParameterFastest()
    {
        var c = SweepRun.Combinations([("a", [J("1"), J("2")]), ("b", [J("true"), J("false"), J("\"x\"")])]);
        Assert.Equal(6, c.Count);
        Assert.Equal(["1 true", "1 false", "1 \"x\"", "2 true", "2 false", "2 \"x\""], c.Select(x => $"{x["a"].GetRawText()} {x["b"].GetRawText()}").ToArray());
    }

    [Fact]
    public void Pareto_KeepsOnlyUndominatedPoints_TiesStay()
    {
        SweepPoint P(string n, double loss, double disruption) => new() { Name = n, LossUsd = loss, DisruptionSeconds = disruption };
        // a (10, 5) and b (5, 10) trade off; c (10, 10) is dominated by both; d ties a exactly; e (5, 12) is dominated by b.
        var pts = new[] { P("a", 10, 5), P("b", 5, 10), P("c", 10, 10), P("d", 10, 5), P("e", 5, 12) };
        SweepRun.MarkPareto(pts);
        Assert.Equal(["a", "b", "d"], pts.Where(p => p.Pareto).Select(p => p.Name).ToArray());
    }

    [Fact]
    public void Sweep_OnTheSyntheticCrash_WritesEveryPointsReportAndTheFrontier()
    {
        using var d = new SyntheticData(accounts: 100);
        var s = ScenarioLoader.Load(d.ScenarioFile);
        var dir = Path.Combine(d.Dir, "sweep");
        var points = SweepRun.Run(s, "breakwater", [("dynamicMargin.maxMultiplier", [J("1"), J("3")])], [42, 43], new LabOptions(), dir);
        Assert.Equal(2, points.Count);
        Assert.Contains(points, p => p.Pareto);
        foreach (var p in points)
            foreach (var r in p.Reports) Assert.True(File.Exists(Path.Combine(dir, r)), r);
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "sweep.json"))).RootElement;
        Assert.Equal(2, json.GetProperty("points").GetArrayLength());
        Assert.Contains("Pareto frontier", File.ReadAllText(Path.Combine(dir, "sweep.html")));
        // An unknown parameter is refused before anything runs.
        Assert.Throws<ScenarioException>(() => SweepRun.Run(s, "breakwater", [("no.such", [J("1")])], [42], new LabOptions(), Path.Combine(d.Dir, "bad")));
        Assert.False(Directory.Exists(Path.Combine(d.Dir, "bad")));
    }
}

using System.Globalization;
using Breakwater.Lab.Policies;
using Breakwater.Lab.Replay;
using Breakwater.Lab.Scenarios;

namespace Breakwater.Lab.Tests;

/// <summary>The counterfactual harm of injections, measured against the same population replayed without them.</summary>
public class HarmTests
{
    private static string At(long t) => DateTimeOffset.FromUnixTimeSeconds(t).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    [Theory]
    // Up ×3: the shorts entered at $100 are deep in profit at $40, so only a push past their entry price can hurt them.
    [InlineData(3.0)]
    [InlineData(0.7)]
    public void SingleSourceSpikeShorterThanConfirmation_BreakwaterHarmIsZero_BaselineIsHarmed(double factor)
    {
        // A 5-minute push of the only source in the flat tail after the synthetic crash (the price is $40 and calm).
        var injection = $$"""[ { "type": "oracleManipulation", "source": 0, "factor": {{factor.ToString(CultureInfo.InvariantCulture)}}, "at": "{{At(SyntheticData.Start + 36_000)}}", "durationSeconds": 300 } ]""";
        using var d = new SyntheticData(accounts: 1_000, injections: injection);
        var s = ScenarioLoader.Load(d.ScenarioFile);
        var report = LabRun.Run(s, Policy.BuiltIns.Select(PolicyLoader.Load).ToList(), new LabOptions { OutDir = Path.Combine(d.Dir, "out") }).Report;
        var baseline = report.Policies.Single(p => p.Name == "baseline");
        var breakwater = report.Policies.Single(p => p.Name == "breakwater");
        Assert.NotNull(baseline.Harm);
        Assert.True(baseline.Harm!.LiquidationCount > 0, $"baseline liquidated nothing extra: the injection tests too little ({baseline.LiquidationCount} liquidations)");
        Assert.Equal(0, breakwater.Harm!.LiquidationCount);
        Assert.Equal(0, breakwater.Harm.LiquidatedNotionalUsd);
        Assert.Equal(0, breakwater.Harm.BadDebtUsd);
        Assert.Equal(0, breakwater.Harm.AdlNotionalUsd);
        Assert.Equal(0, breakwater.ContestedLiquidationCount);
        Assert.Contains("\"harm\"", File.ReadAllText(Path.Combine(d.Dir, "out", "report.json")));
        Assert.Contains("Harm caused by the injections", File.ReadAllText(Path.Combine(d.Dir, "out", "report.md")));
    }

    [Fact]
    public void NoInjections_NoHarmIsReported()
    {
        using var d = new SyntheticData(accounts: 100);
        var s = ScenarioLoader.Load(d.ScenarioFile);
        var report = LabRun.Run(s, [PolicyLoader.Load("breakwater")], new LabOptions { OutDir = Path.Combine(d.Dir, "out") }).Report;
        Assert.Null(report.Policies[0].Harm);
    }
}

using System.Text.Json;
using Breakwater.Lab.Policies;
using Breakwater.Lab.Replay;
using Breakwater.Lab.Scenarios;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Lab.Tests;

public class PolicyTests
{
    private static Dictionary<string, JsonElement> Params(string json)
        => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    [Fact]
    public void MarketWideBreaker_IsOnInBreakwater_OffInBaseline_AndEitherCanBeOverridden()
    {
        Assert.Equal(new MarketWideParams(), PolicyLoader.Load("breakwater").MarketWide);
        Assert.Equal(MarketWideParams.Off, PolicyLoader.Load("baseline").MarketWide);
        var off = new Policy("no-mwcb", "breakwater", Params("""{ "marketWide.highDecline": 0, "marketWide.severeDecline": 0, "marketWide.criticalDecline": 0, "marketWide.migrationShare": 0 }"""));
        Assert.Equal(MarketWideParams.Off, off.MarketWide);
        var on = new Policy("baseline-mwcb", "baseline", Params("""{ "marketWide.highDecline": 0.1, "marketWide.severeDecline": 0.2, "marketWide.criticalDecline": 0.3 }"""));
        Assert.Equal((Fraction.FromPercent(10), Fraction.FromPercent(20), Fraction.FromPercent(30), Fraction.Zero),
            (on.MarketWide.HighDecline, on.MarketWide.SevereDecline, on.MarketWide.CriticalDecline, on.MarketWide.MigrationShare));
    }

    [Fact]
    public void APolicy_IsCheckedWhenBuilt_AndTheErrorNamesItAndTheKey()
    {
        var inverted = Assert.Throws<ScenarioException>(() => new Policy("p", "breakwater", Params("""{ "marketWide.highDecline": 0.3 }""")));
        Assert.Contains("policy p", inverted.Message, StringComparison.Ordinal);
        Assert.Contains("high ≤ severe", inverted.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<ScenarioException>(() => new Policy("p", "breakwater", Params("""{ "marketWide.lowDecline": 0.1 }""")));
        Assert.Contains("'marketWide.lowDecline'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("marketWide.highDecline", unknown.Message, StringComparison.Ordinal); // listed among the known names
        Assert.Throws<ScenarioException>(() => new Policy("p", "venue", Params("{}")));
        Assert.Throws<ScenarioException>(() => new Policy("p", "breakwater", Params("""{ "imf": "ten" }""")));
    }

    [Fact]
    public void AScenarioMarket_CannotSetTheProtocolWideBreaker()
    {
        // marketWide.* is one setting for the whole protocol: per market it would mean nothing.
        var e = Assert.Throws<ScenarioException>(() => ParamOverrides.Apply(new Protocol.Markets.MarketParams(), Params("""{ "marketWide.highDecline": 0.1 }"""), "scenario s"));
        Assert.Contains("unknown parameter 'marketWide.highDecline'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBreakerTurnedOffByAPolicy_NeverFires_OnACrashWhereTheDefaultDoes()
    {
        int Fired(Policy policy)
        {
            using var d = new SyntheticData(accounts: 200);
            var input = ReplayInput.Prepare(ScenarioLoader.Load(d.ScenarioFile), null, null, null);
            var runner = new ReplayRunner(input, policy, new LabSink(eventLogPath: null));
            var fired = 0;
            runner.Observer = (_, es) => fired += es.OfType<MarketWideBreakerTriggered>().Count();
            runner.Run();
            return fired;
        }
        Assert.True(Fired(PolicyLoader.Load("breakwater")) > 0, "the synthetic crash no longer trips the default market-wide breaker");
        Assert.Equal(0, Fired(new Policy("no-mwcb", "breakwater", Params("""{ "marketWide.highDecline": 0, "marketWide.severeDecline": 0, "marketWide.criticalDecline": 0, "marketWide.migrationShare": 0 }"""))));
    }
}

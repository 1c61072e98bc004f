using Breakwater.Lab.Policies;
using Breakwater.Lab.Scenarios;

namespace Breakwater.Lab.Tests;

public class ScenarioTests
{
    [Fact]
    public void BuiltIns_AllLoad() => Assert.Equal(["btc-2023-one-of-four-manipulated", "btc-2023-one-of-two-manipulated", "calm-avax-2023", "calm-avax-2023-flash-loan", "calm-avax-2023-hourly", "calm-avax-2023-outage", "calm-avax-2023-spike",
            "calm-chainlink-btc-sep2023", "calm-chainlink-eth-24h-heartbeat", "chainlink-btc-aug2023", "chainlink-eth-sparse-manipulated", "luna-2022", "luna-2022-congested", "luna-2022-hourly", "luna-2022-settled",
            "usdc-depeg-2023", "usdc-depeg-2023-two-sources"], ScenarioLoader.BuiltInNames());

    [Fact]
    public void Load_UnknownKey_NamesTheKey()
    {
        using var d = new SyntheticData();
        File.WriteAllText(d.ScenarioFile, File.ReadAllText(d.ScenarioFile).Replace("\"insuranceFundUsd\"", "\"insuranceFundUSD\""));
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(d.ScenarioFile));
        Assert.Contains("insuranceFundUSD", e.Message);
    }

    [Fact]
    public void Load_UnknownInjectionType_IsAnError()
    {
        using var d = new SyntheticData(injections: """[ { "type": "meteor", "at": "2023-11-15T23:00:00Z" } ]""");
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(d.ScenarioFile));
        Assert.Contains("meteor", e.Message);
    }

    [Fact]
    public void ParamOverrides_UnknownName_IsNamed()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, """{ "base": "breakwater", "params": { "breaker.bandd": 0.2 } }""");
        var e = Assert.Throws<ScenarioException>(() => PolicyLoader.Load(file));
        Assert.Contains("breaker.bandd", e.Message);
        File.Delete(file);
    }

    [Fact]
    public void ParamOverrides_FractionsAreExact()
    {
        var json = System.Text.Json.JsonDocument.Parse("""{ "breaker.band": 0.125, "imf": 0.2, "mmf": 0.1 }""").RootElement;
        var p = ParamOverrides.Apply(new Protocol.Markets.MarketParams(), json.EnumerateObject().ToDictionary(x => x.Name, x => x.Value), "test");
        Assert.Equal(125_000, p.Breaker.Band.Ppm);
        Assert.Equal(200_000, p.InitialMarginFraction.Ppm);
    }

    [Fact]
    public void ResolveData_Missing_SaysWhereItLookedAndHowToFetch()
    {
        var s = ScenarioLoader.Load("luna-2022");
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.ResolveData(s, "no-such-file.csv", null));
        Assert.Contains("no-such-file.csv", e.Message);
        Assert.Contains("BREAKWATER_DATA", e.Message);
    }
}

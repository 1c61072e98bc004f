using System.Text.Json;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Lab.Policies;

/// <summary>
/// A response policy: a name and a transformation of each market's parameters. Built-ins:
/// <c>baseline</c> — what a plain perp venue does today: static margin, no price bands or halts, oracle graded
/// on staleness only, insurance fund then the greedy venue-queue ADL; <c>breakwater</c> — the full response
/// ladder (oracle grading, price bands with staged recovery, volatility-scaled margin), minimal ranked ADL, and a
/// 12-second deposit maturity against flash loans.
/// </summary>
/// <param name="Name">Policy name.</param>
/// <param name="Base">Built-in it starts from.</param>
/// <param name="Overrides">
/// Parameter overrides: per-market ones applied after the base and the scenario's market parameters, and the
/// protocol-wide <c>marketWide.*</c> ones (the market-wide breaker, on in <c>breakwater</c>, off in <c>baseline</c>).
/// </param>
/// <exception cref="Scenarios.ScenarioException">an unknown base, an unknown parameter or a value it does not take (checked here, once).</exception>
public sealed record Policy(string Name, string Base, IReadOnlyDictionary<string, JsonElement> Overrides)
{
    /// <summary>The market-wide breaker this policy configures at genesis (<see cref="MarketWideParams.Off"/>: none).</summary>
    public MarketWideParams MarketWide { get; } = Resolve(Name, Base, Overrides);

    /// <summary>The per-market parameters of this policy for a market the scenario set up as <paramref name="scenarioParams"/>.</summary>
    /// <exception cref="Scenarios.ScenarioException">the combination is inconsistent; names the policy.</exception>
    public MarketParams ForMarket(MarketParams scenarioParams) => ParamOverrides.Apply(scenarioParams, Overrides, $"policy {Name}", protocolWideAllowed: true);

    // Everything is checked when the policy is built: the base, every per-market name and value against the base's
    // parameters, and the market-wide breaker it resolves to.
    private static MarketWideParams Resolve(string name, string basis, IReadOnlyDictionary<string, JsonElement> overrides)
    {
        if (!BuiltIns.Contains(basis)) throw new Scenarios.ScenarioException($"policy {name}: unknown base policy '{basis}' (known: {string.Join(", ", BuiltIns)})");
        ParamOverrides.Apply(BaseParams(basis), overrides, $"policy {name}", protocolWideAllowed: true);
        return ParamOverrides.ApplyProtocolWide(BaseMarketWide(basis), overrides, $"policy {name}");
    }

    /// <summary>The market-wide breaker of a built-in: the defaults in <c>breakwater</c>, none in <c>baseline</c>.</summary>
    public static MarketWideParams BaseMarketWide(string name) => name == "breakwater" ? new MarketWideParams() : MarketWideParams.Off;

    /// <summary>Built-in policy names.</summary>
    public static readonly string[] BuiltIns = ["baseline", "breakwater"];

    /// <summary>Applies the base transformation to default parameters.</summary>
    public static MarketParams BaseParams(string name) => name switch
    {
        "baseline" => new MarketParams
        {
            AdlMode = AdlMode.GreedyQueue,
            Oracle = new OracleParams { OutlierBand = Fraction.Zero, DivergenceBand = Fraction.Zero, TooVolatileBand = Fraction.Zero },
            Breaker = new BreakerParams { Enabled = false },
            DynamicMargin = new DynamicMarginParams { Enabled = false },
            Ladder = new LadderParams { Enabled = false },
        },
        "breakwater" => new MarketParams { AdlMode = AdlMode.Ranked, DepositMaturitySeconds = 12 },
        _ => throw new ArgumentException($"unknown built-in policy '{name}'", nameof(name)),
    };
}

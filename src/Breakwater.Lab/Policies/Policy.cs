using System.Text.Json;
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
/// <param name="Overrides">Parameter overrides applied after the base and the scenario's market parameters.</param>
public sealed record Policy(string Name, string Base, IReadOnlyDictionary<string, JsonElement> Overrides)
{
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

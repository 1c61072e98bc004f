using System.Text.Json;
using System.Text.Json.Serialization;
using Breakwater.Lab.Population;

namespace Breakwater.Lab.Scenarios;

/// <summary>
/// A replay scenario, read from JSON. Times are ISO-8601 UTC. Unknown keys are an error that names the key.
/// </summary>
public sealed record Scenario
{
    /// <summary>Short name, used for the output folder.</summary>
    [JsonRequired] public string Name { get; init; } = "";

    /// <summary>What happened in this window.</summary>
    public string Description { get; init; } = "";

    /// <summary>Start of the measured window; the population enters over the day before.</summary>
    [JsonRequired] public DateTimeOffset Start { get; init; }

    /// <summary>End of the window.</summary>
    [JsonRequired] public DateTimeOffset End { get; init; }

    /// <summary>Markets and their oracle sources.</summary>
    [JsonRequired] public List<ScenarioMarket> Markets { get; init; } = [];

    /// <summary>Account population.</summary>
    public PopulationSpec Population { get; init; } = new();

    /// <summary>Insurance fund at genesis, USD. Default $250,000.</summary>
    public double InsuranceFundUsd { get; init; } = 250_000;

    /// <summary>The keepers that submit liquidations. Default: instant and unlimited.</summary>
    public KeeperSpec Keeper { get; init; } = new();

    /// <summary>Perturbations of the real data that test the defenses.</summary>
    public List<Injection> Injections { get; init; } = [];

    /// <summary>A final settlement the DAO proposes during the window (null: none).</summary>
    public FinalSettlement? Settlement { get; init; }

    /// <summary>Folder the scenario file sits in (for relative data paths); null for built-ins.</summary>
    [JsonIgnore] public string? BaseDirectory { get; init; }
}

/// <summary>One perpetual market of a scenario.</summary>
public sealed record ScenarioMarket
{
    /// <summary>Market symbol, e.g. "LUNA-USD".</summary>
    [JsonRequired] public string Symbol { get; init; } = "";

    /// <summary>Oracle sources, one data series each (source ids in this order).</summary>
    [JsonRequired] public List<ScenarioSource> Sources { get; init; } = [];

    /// <summary>Market parameter overrides by name (see <see cref="Policies.ParamOverrides"/>).</summary>
    public Dictionary<string, JsonElement> Params { get; init; } = [];

    /// <summary>Default parameters sized to this market's sources, with the market's overrides applied.</summary>
    /// <exception cref="ScenarioException">an unknown or inconsistent parameter.</exception>
    public Protocol.Markets.MarketParams ResolveParams(Protocol.Markets.MarketParams basis, string where)
        => Policies.ParamOverrides.Apply(basis with { Oracle = basis.Oracle with { SourceCount = Sources.Count } }, Params, $"{where}: market {Symbol}");

    /// <summary>Daily traded value (USD) for the impact model when the data carries no volume.</summary>
    public double? DailyVolumeUsd { get; init; }
}

/// <summary>One data series: a file (relative to the scenario, to --data, or absolute) and an optional venue/symbol filter.</summary>
public sealed record ScenarioSource
{
    /// <summary>The data file.</summary>
    [JsonRequired] public string File { get; init; } = "";

    /// <summary>Keep rows of this venue (multi-series files).</summary>
    public string? Venue { get; init; }

    /// <summary>Keep rows of this symbol (multi-series files).</summary>
    public string? Symbol { get; init; }

    /// <summary>Aggregate the data's bars into bars of this many seconds (3600: hourly bars); null keeps them. See <see cref="Data.BarResampler"/>.</summary>
    public long? ResampleSeconds { get; init; }

    /// <summary>Publish this source through a push feed with this heartbeat and deviation threshold; null publishes every report. See <see cref="Data.PushFeed"/>.</summary>
    public Data.PushFeed? Feed { get; init; }
}

/// <summary>
/// Keeper realism: liquidations are submitted only for accounts that have been liquidatable for at least
/// <see cref="LatencySeconds"/>, and at most <see cref="MaxPerMinute"/> per market per minute (0 = no cap). Congested
/// chains and overwhelmed keepers (Maker's Black Thursday, March 2020) are where bad debt comes from.
/// </summary>
public sealed record KeeperSpec
{
    /// <summary>Seconds an account must stay liquidatable before a keeper acts. Default 0.</summary>
    public long LatencySeconds { get; init; }

    /// <summary>Liquidations per market per minute at most; 0 = unlimited. Default 0.</summary>
    public int MaxPerMinute { get; init; }

    /// <summary>
    /// Whether the replay liquidates by itself. Default true; false leaves liquidations to a keeper outside the lab
    /// (<c>serve --replay</c> with <c>breakwater keeper</c> against the node).
    /// </summary>
    public bool Enabled { get; init; } = true;
}

/// <summary>
/// A market closed for good by the DAO at a price it states: the proposal is queued at <see cref="ProposedAt"/> and
/// executes once the timelock has run (the lab's governance: 30 hours), closing every position at the price — what a
/// protocol does when a halt will not end (Binance delisted LUNA on 13 May 2022).
/// </summary>
public sealed record FinalSettlement
{
    /// <summary>Market symbol (default: the first market).</summary>
    public string? Market { get; init; }

    /// <summary>When the DAO queues the proposal.</summary>
    [JsonRequired] public DateTimeOffset ProposedAt { get; init; }

    /// <summary>The settlement price the DAO states, USD; null: the market's mark when the proposal is queued.</summary>
    public double? PriceUsd { get; init; }
}

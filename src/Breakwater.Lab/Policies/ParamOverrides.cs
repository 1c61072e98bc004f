using System.Text.Json;
using Breakwater.Lab.Scenarios;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Lab.Policies;

/// <summary>
/// Market parameters by name, for scenario and policy files. Fractions are decimals (0.05 = 5 %), read
/// exactly into ppm; money in whole or decimal USD; times in seconds. An unknown name is an error that names it.
/// </summary>
public static class ParamOverrides
{
    private static readonly Dictionary<string, Func<MarketParams, JsonElement, MarketParams>> Setters = new(StringComparer.Ordinal)
    {
        ["imf"] = (p, v) => p with { InitialMarginFraction = Frac(v) },
        ["mmf"] = (p, v) => p with { MaintenanceMarginFraction = Frac(v) },
        ["liquidationFee"] = (p, v) => p with { LiquidationFeeFraction = Frac(v) },
        ["maxLiquidationDiscount"] = (p, v) => p with { MaxLiquidationDiscount = Frac(v) },
        ["partialLiquidationThresholdUsd"] = (p, v) => p with { PartialLiquidationThreshold = Dollars(v) },
        ["tradingFee"] = (p, v) => p with { TradingFeeFraction = Frac(v) },
        ["insuranceFundFeeShare"] = (p, v) => p with { InsuranceFundFeeShare = Frac(v) },
        ["liquidateWhenHalted"] = (p, v) => p with { LiquidateWhenHalted = v.GetBoolean() },
        ["adlMode"] = (p, v) => p with { AdlMode = Enum.Parse<AdlMode>(v.GetString()!, ignoreCase: true) },
        ["oracle.maxReportAgeSeconds"] = (p, v) => p with { Oracle = p.Oracle with { MaxReportAgeSeconds = v.GetInt64() } },
        ["oracle.quorum"] = (p, v) => p with { Oracle = p.Oracle with { Quorum = v.GetInt32() } },
        ["oracle.outlierBand"] = (p, v) => p with { Oracle = p.Oracle with { OutlierBand = Frac(v) } },
        ["oracle.divergenceBand"] = (p, v) => p with { Oracle = p.Oracle with { DivergenceBand = Frac(v) } },
        ["oracle.tooVolatileBand"] = (p, v) => p with { Oracle = p.Oracle with { TooVolatileBand = Frac(v) } },
        ["oracle.markMaxStep"] = (p, v) => p with { Oracle = p.Oracle with { MarkMaxStep = Frac(v) } },
        ["oracle.volatilityBandSigmas"] = (p, v) => p with { Oracle = p.Oracle with { VolatilityBandSigmas = v.GetInt32() } },
        ["oracle.confirmationSeconds"] = (p, v) => p with { Oracle = p.Oracle with { ConfirmationSeconds = v.GetInt64() } },
        ["oracle.confirmationQuorum"] = (p, v) => p with { Oracle = p.Oracle with { ConfirmationQuorum = v.GetInt32() } },
        ["openInterestCap"] = (p, v) => p with { OpenInterestCap = new Size(FixedFormat.Parse(v.GetRawText(), 8)) },
        ["tickSize"] = (p, v) => p with { TickSize = new Price(FixedFormat.Parse(v.GetRawText(), 8)) },
        ["stepSize"] = (p, v) => p with { StepSize = new Size(FixedFormat.Parse(v.GetRawText(), 8)) },
        ["breaker.enabled"] = (p, v) => p with { Breaker = p.Breaker with { Enabled = v.GetBoolean() } },
        ["breaker.volatilitySigmas"] = (p, v) => p with { Breaker = p.Breaker with { VolatilitySigmas = v.GetInt32() } },
        ["breaker.band"] = (p, v) => p with { Breaker = p.Breaker with { Band = Frac(v) } },
        ["breaker.referenceWindowSeconds"] = (p, v) => p with { Breaker = p.Breaker with { ReferenceWindowSeconds = v.GetInt64() } },
        ["breaker.limitStateSeconds"] = (p, v) => p with { Breaker = p.Breaker with { LimitStateSeconds = v.GetInt64() } },
        ["breaker.haltCooldownSeconds"] = (p, v) => p with { Breaker = p.Breaker with { HaltCooldownSeconds = v.GetInt64() } },
        ["breaker.reduceOnlyCooldownSeconds"] = (p, v) => p with { Breaker = p.Breaker with { ReduceOnlyCooldownSeconds = v.GetInt64() } },
        ["dynamicMargin.enabled"] = (p, v) => p with { DynamicMargin = p.DynamicMargin with { Enabled = v.GetBoolean() } },
        ["dynamicMargin.scaleMaintenance"] = (p, v) => p with { DynamicMargin = p.DynamicMargin with { ScaleMaintenance = v.GetBoolean() } },
        ["dynamicMargin.lambda"] = (p, v) => p with { DynamicMargin = p.DynamicMargin with { Lambda = Frac(v) } },
        ["dynamicMargin.sampleSeconds"] = (p, v) => p with { DynamicMargin = p.DynamicMargin with { SampleSeconds = v.GetInt64() } },
        ["dynamicMargin.baselineVolatility"] = (p, v) => p with { DynamicMargin = p.DynamicMargin with { BaselineVolatility = Frac(v) } },
        ["dynamicMargin.maxMultiplier"] = (p, v) => p with { DynamicMargin = p.DynamicMargin with { MaxMultiplier = Frac(v) } },
        ["dynamicMargin.maxStepPerSample"] = (p, v) => p with { DynamicMargin = p.DynamicMargin with { MaxStepPerSample = Frac(v) } },
        ["ladder.enabled"] = (p, v) => p with { Ladder = p.Ladder with { Enabled = v.GetBoolean() } },
        ["ladder.elevatedMarginMultiplier"] = (p, v) => p with { Ladder = p.Ladder with { ElevatedMarginMultiplier = Frac(v) } },
        ["ladder.liquidationSpikeFraction"] = (p, v) => p with { Ladder = p.Ladder with { LiquidationSpikeFraction = Frac(v) } },
        ["ladder.insuranceDrainFraction"] = (p, v) => p with { Ladder = p.Ladder with { InsuranceDrainFraction = Frac(v) } },
        ["ladder.windowSeconds"] = (p, v) => p with { Ladder = p.Ladder with { WindowSeconds = v.GetInt64() } },
        ["ladder.elevatedCooldownSeconds"] = (p, v) => p with { Ladder = p.Ladder with { ElevatedCooldownSeconds = v.GetInt64() } },
        ["ladder.openInterestCapCutPerLevel"] = (p, v) => p with { Ladder = p.Ladder with { OpenInterestCapCutPerLevel = Frac(v) } },
        ["depositMaturitySeconds"] = (p, v) => p with { DepositMaturitySeconds = v.GetInt64() },
        ["funding.intervalSeconds"] = (p, v) => p with { Funding = p.Funding with { IntervalSeconds = v.GetInt64() } },
        ["funding.interestRate8h"] = (p, v) => p with { Funding = p.Funding with { InterestRate8h = Frac(v) } },
        ["funding.premiumClamp8h"] = (p, v) => p with { Funding = p.Funding with { PremiumClamp8h = Frac(v) } },
        ["funding.capPerHour"] = (p, v) => p with { Funding = p.Funding with { CapPerHour = Frac(v) } },
        ["ladder.liquidationThrottleUsd"] = (p, v) => p with { Ladder = p.Ladder with { LiquidationThrottlePerWindow = Dollars(v) } },
    };

    // The market-wide breaker is protocol-wide, not per market: these names belong in a policy, not in a scenario's market.
    private static readonly Dictionary<string, Func<MarketWideParams, JsonElement, MarketWideParams>> MarketWideSetters = new(StringComparer.Ordinal)
    {
        ["marketWide.highDecline"] = (p, v) => p with { HighDecline = Frac(v) },
        ["marketWide.severeDecline"] = (p, v) => p with { SevereDecline = Frac(v) },
        ["marketWide.criticalDecline"] = (p, v) => p with { CriticalDecline = Frac(v) },
        ["marketWide.migrationShare"] = (p, v) => p with { MigrationShare = Frac(v) },
        ["marketWide.vaultLockSeconds"] = (p, v) => p with { VaultLockSeconds = v.GetInt64() },
    };

    /// <summary>The names that can be set per market.</summary>
    public static IEnumerable<string> Names => Setters.Keys.Order(StringComparer.Ordinal);

    /// <summary>The protocol-wide names a policy can set too (the market-wide breaker).</summary>
    public static IEnumerable<string> ProtocolNames => MarketWideSetters.Keys.Order(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="name"/> is a protocol-wide parameter (set once per policy, not per market).</summary>
    public static bool IsProtocolWide(string name) => MarketWideSetters.ContainsKey(name);

    /// <summary>Applies the protocol-wide overrides among <paramref name="overrides"/> (the others are ignored) and validates the result.</summary>
    /// <exception cref="ScenarioException">a bad value or inconsistent declines; names the key.</exception>
    public static MarketWideParams ApplyProtocolWide(MarketWideParams p, IReadOnlyDictionary<string, JsonElement> overrides, string where)
    {
        foreach (var (key, value) in overrides.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (!MarketWideSetters.TryGetValue(key, out var set)) continue;
            try { p = set(p, value); }
            catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
            {
                throw new ScenarioException($"{where}: parameter '{key}' has a bad value {value.GetRawText()}: {e.Message}");
            }
        }
        if (p.Validate() is { } problem) throw new ScenarioException($"{where}: {problem}");
        return p;
    }

    /// <summary>
    /// Applies the per-market overrides in key order and validates the result. Protocol-wide names are skipped when
    /// <paramref name="protocolWideAllowed"/> (a policy: <see cref="ApplyProtocolWide"/> reads them) and refused otherwise.
    /// </summary>
    /// <exception cref="ScenarioException">unknown name, wrong value type, or inconsistent parameters; names the key.</exception>
    public static MarketParams Apply(MarketParams p, IReadOnlyDictionary<string, JsonElement> overrides, string where, bool protocolWideAllowed = false)
    {
        foreach (var (key, value) in overrides.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (protocolWideAllowed && IsProtocolWide(key)) continue;
            if (!Setters.TryGetValue(key, out var set))
                throw new ScenarioException($"{where}: unknown parameter '{key}' (known: {string.Join(", ", Names)}{(protocolWideAllowed ? ", " + string.Join(", ", ProtocolNames) : "")})");
            try { p = set(p, value); }
            catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
            {
                throw new ScenarioException($"{where}: parameter '{key}' has a bad value {value.GetRawText()}: {e.Message}");
            }
        }
        if (p.Validate() is { } problem) throw new ScenarioException($"{where}: {problem}");
        return p;
    }

    private static Fraction Frac(JsonElement v) => new(FixedFormat.Parse(v.GetRawText(), 6));

    private static Usd Dollars(JsonElement v) => new(FixedFormat.Parse(v.GetRawText(), 6));
}

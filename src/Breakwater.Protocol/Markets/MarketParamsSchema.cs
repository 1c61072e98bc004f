using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Markets;

/// <summary>
/// Every market parameter, once, in canonical-encoding order: the encoding (<see cref="MarketParams.Write"/> and
/// <see cref="MarketParams.Read"/>) and the names scenario and policy files set are both read from this table, so they
/// cannot drift apart. Adding a field to a parameter record means adding its row here (the codec round-trip test fails
/// naming a field the table misses).
/// </summary>
public static class MarketParamsSchema
{
    private static ParamField<MarketParams> F(string? name, Func<MarketParams, Fraction> get, Func<MarketParams, Fraction, MarketParams> set)
        => new(name, ParamUnit.Fraction, ParamEncoding.I64, p => get(p).Ppm, (p, v) => set(p, new Fraction(v)));

    private static ParamField<MarketParams> L(string? name, Func<MarketParams, long> get, Func<MarketParams, long, MarketParams> set)
        => new(name, ParamUnit.Count, ParamEncoding.I64, get, set);

    private static ParamField<MarketParams> N(string? name, Func<MarketParams, int> get, Func<MarketParams, int, MarketParams> set)
        => new(name, ParamUnit.Count, ParamEncoding.I32, p => get(p), (p, v) => set(p, checked((int)v)));

    private static ParamField<MarketParams> B(string? name, Func<MarketParams, bool> get, Func<MarketParams, bool, MarketParams> set)
        => new(name, ParamUnit.Boolean, ParamEncoding.Bool, p => get(p) ? 1 : 0, (p, v) => set(p, v != 0));

    /// <summary>The market parameters' schema.</summary>
    public static readonly ParamSchema<MarketParams> Schema = new(
    [
        F("imf", p => p.InitialMarginFraction, (p, v) => p with { InitialMarginFraction = v }),
        F("mmf", p => p.MaintenanceMarginFraction, (p, v) => p with { MaintenanceMarginFraction = v }),
        new("openInterestCap", ParamUnit.Size, ParamEncoding.I64, p => p.OpenInterestCap.Units, (p, v) => p with { OpenInterestCap = new Size(v) }),
        F("liquidationFee", p => p.LiquidationFeeFraction, (p, v) => p with { LiquidationFeeFraction = v }),
        F("maxLiquidationDiscount", p => p.MaxLiquidationDiscount, (p, v) => p with { MaxLiquidationDiscount = v }),
        new("partialLiquidationThresholdUsd", ParamUnit.Usd, ParamEncoding.I64, p => p.PartialLiquidationThreshold.Micros, (p, v) => p with { PartialLiquidationThreshold = new Usd(v) }),
        new("tickSize", ParamUnit.Price, ParamEncoding.I64, p => p.TickSize.Units, (p, v) => p with { TickSize = new Price(v) }),
        new("stepSize", ParamUnit.Size, ParamEncoding.I64, p => p.StepSize.Units, (p, v) => p with { StepSize = new Size(v) }),
        F("tradingFee", p => p.TradingFeeFraction, (p, v) => p with { TradingFeeFraction = v }),
        F("insuranceFundFeeShare", p => p.InsuranceFundFeeShare, (p, v) => p with { InsuranceFundFeeShare = v }),
        B("liquidateWhenHalted", p => p.LiquidateWhenHalted, (p, v) => p with { LiquidateWhenHalted = v }),
        new("adlMode", ParamUnit.AdlMode, ParamEncoding.U8, p => (long)p.AdlMode, (p, v) => p with { AdlMode = (AdlMode)v }),
        // The number of sources is the scenario's (one per price series), not a file's choice.
        N(null, p => p.Oracle.SourceCount, (p, v) => p with { Oracle = p.Oracle with { SourceCount = v } }),
        N("oracle.quorum", p => p.Oracle.Quorum, (p, v) => p with { Oracle = p.Oracle with { Quorum = v } }),
        L("oracle.maxReportAgeSeconds", p => p.Oracle.MaxReportAgeSeconds, (p, v) => p with { Oracle = p.Oracle with { MaxReportAgeSeconds = v } }),
        F("oracle.outlierBand", p => p.Oracle.OutlierBand, (p, v) => p with { Oracle = p.Oracle with { OutlierBand = v } }),
        F("oracle.divergenceBand", p => p.Oracle.DivergenceBand, (p, v) => p with { Oracle = p.Oracle with { DivergenceBand = v } }),
        F("oracle.tooVolatileBand", p => p.Oracle.TooVolatileBand, (p, v) => p with { Oracle = p.Oracle with { TooVolatileBand = v } }),
        F("oracle.markMaxStep", p => p.Oracle.MarkMaxStep, (p, v) => p with { Oracle = p.Oracle with { MarkMaxStep = v } }),
        N("oracle.volatilityBandSigmas", p => p.Oracle.VolatilityBandSigmas, (p, v) => p with { Oracle = p.Oracle with { VolatilityBandSigmas = v } }),
        L("oracle.confirmationSeconds", p => p.Oracle.ConfirmationSeconds, (p, v) => p with { Oracle = p.Oracle with { ConfirmationSeconds = v } }),
        N("oracle.confirmationQuorum", p => p.Oracle.ConfirmationQuorum, (p, v) => p with { Oracle = p.Oracle with { ConfirmationQuorum = v } }),
        B("breaker.enabled", p => p.Breaker.Enabled, (p, v) => p with { Breaker = p.Breaker with { Enabled = v } }),
        L("breaker.referenceWindowSeconds", p => p.Breaker.ReferenceWindowSeconds, (p, v) => p with { Breaker = p.Breaker with { ReferenceWindowSeconds = v } }),
        F("breaker.band", p => p.Breaker.Band, (p, v) => p with { Breaker = p.Breaker with { Band = v } }),
        L("breaker.limitStateSeconds", p => p.Breaker.LimitStateSeconds, (p, v) => p with { Breaker = p.Breaker with { LimitStateSeconds = v } }),
        L("breaker.haltCooldownSeconds", p => p.Breaker.HaltCooldownSeconds, (p, v) => p with { Breaker = p.Breaker with { HaltCooldownSeconds = v } }),
        L("breaker.reduceOnlyCooldownSeconds", p => p.Breaker.ReduceOnlyCooldownSeconds, (p, v) => p with { Breaker = p.Breaker with { ReduceOnlyCooldownSeconds = v } }),
        N("breaker.volatilitySigmas", p => p.Breaker.VolatilitySigmas, (p, v) => p with { Breaker = p.Breaker with { VolatilitySigmas = v } }),
        B("dynamicMargin.enabled", p => p.DynamicMargin.Enabled, (p, v) => p with { DynamicMargin = p.DynamicMargin with { Enabled = v } }),
        L("dynamicMargin.sampleSeconds", p => p.DynamicMargin.SampleSeconds, (p, v) => p with { DynamicMargin = p.DynamicMargin with { SampleSeconds = v } }),
        F("dynamicMargin.lambda", p => p.DynamicMargin.Lambda, (p, v) => p with { DynamicMargin = p.DynamicMargin with { Lambda = v } }),
        F("dynamicMargin.baselineVolatility", p => p.DynamicMargin.BaselineVolatility, (p, v) => p with { DynamicMargin = p.DynamicMargin with { BaselineVolatility = v } }),
        F("dynamicMargin.maxMultiplier", p => p.DynamicMargin.MaxMultiplier, (p, v) => p with { DynamicMargin = p.DynamicMargin with { MaxMultiplier = v } }),
        F("dynamicMargin.maxStepPerSample", p => p.DynamicMargin.MaxStepPerSample, (p, v) => p with { DynamicMargin = p.DynamicMargin with { MaxStepPerSample = v } }),
        B("dynamicMargin.scaleMaintenance", p => p.DynamicMargin.ScaleMaintenance, (p, v) => p with { DynamicMargin = p.DynamicMargin with { ScaleMaintenance = v } }),
        B("ladder.enabled", p => p.Ladder.Enabled, (p, v) => p with { Ladder = p.Ladder with { Enabled = v } }),
        F("ladder.elevatedMarginMultiplier", p => p.Ladder.ElevatedMarginMultiplier, (p, v) => p with { Ladder = p.Ladder with { ElevatedMarginMultiplier = v } }),
        F("ladder.liquidationSpikeFraction", p => p.Ladder.LiquidationSpikeFraction, (p, v) => p with { Ladder = p.Ladder with { LiquidationSpikeFraction = v } }),
        F("ladder.insuranceDrainFraction", p => p.Ladder.InsuranceDrainFraction, (p, v) => p with { Ladder = p.Ladder with { InsuranceDrainFraction = v } }),
        L("ladder.windowSeconds", p => p.Ladder.WindowSeconds, (p, v) => p with { Ladder = p.Ladder with { WindowSeconds = v } }),
        L("ladder.elevatedCooldownSeconds", p => p.Ladder.ElevatedCooldownSeconds, (p, v) => p with { Ladder = p.Ladder with { ElevatedCooldownSeconds = v } }),
        new("ladder.liquidationThrottleUsd", ParamUnit.Usd, ParamEncoding.I64, p => p.Ladder.LiquidationThrottlePerWindow.Micros, (p, v) => p with { Ladder = p.Ladder with { LiquidationThrottlePerWindow = new Usd(v) } }),
        F("ladder.openInterestCapCutPerLevel", p => p.Ladder.OpenInterestCapCutPerLevel, (p, v) => p with { Ladder = p.Ladder with { OpenInterestCapCutPerLevel = v } }),
        L("funding.intervalSeconds", p => p.Funding.IntervalSeconds, (p, v) => p with { Funding = p.Funding with { IntervalSeconds = v } }),
        F("funding.interestRate8h", p => p.Funding.InterestRate8h, (p, v) => p with { Funding = p.Funding with { InterestRate8h = v } }),
        F("funding.premiumClamp8h", p => p.Funding.PremiumClamp8h, (p, v) => p with { Funding = p.Funding with { PremiumClamp8h = v } }),
        F("funding.capPerHour", p => p.Funding.CapPerHour, (p, v) => p with { Funding = p.Funding with { CapPerHour = v } }),
        L("depositMaturitySeconds", p => p.DepositMaturitySeconds, (p, v) => p with { DepositMaturitySeconds = v }),
    ], () => new MarketParams());
}

using Breakwater.Protocol.Events;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;

namespace Breakwater.Protocol.Engine;

/// <summary>
/// Maps a market's conditions to a response level and applies the level's bounded actions:
/// elevated raises margin by the elevated multiplier; high makes the market reduce-only; severe and critical halt it
/// (emergency pauses of deposits and withdrawals are the council's, through pause flags). The highest condition wins; see
/// <see cref="LadderState"/> for the hysteresis.
/// </summary>
internal static class LadderEvaluator
{
    public static void Evaluate(ApplyContext ctx, Market m, OracleReading reading, BreakerSignal signal)
    {
        var p = m.Params;
        RollWindow(ctx, m);
        var target = ResponseLevel.Normal;
        var trigger = IncidentTrigger.None;
        long value = 0, threshold = 0;
        void Raise(ResponseLevel level, IncidentTrigger t, long v, long th)
        {
            if (level <= target) return;
            target = level;
            trigger = t;
            value = v;
            threshold = th;
        }

        if (p.Ladder.Enabled)
        {
            switch (reading.Validity)
            {
                case OracleValidity.Stale: Raise(ResponseLevel.Severe, IncidentTrigger.OracleStale, 0, p.Oracle.MaxReportAgeSeconds); break;
                // No valid index, an unconfirmed or a contested price freezes the mark at the last confirmed price:
                // reduce-only, and no liquidation (the oracle grade forbids it). Only a silent feed halts.
                case OracleValidity.InsufficientSources: Raise(ResponseLevel.High, IncidentTrigger.OracleInsufficientSources, reading.AcceptedSources, p.Oracle.Quorum); break;
                case OracleValidity.TooVolatile: Raise(ResponseLevel.High, IncidentTrigger.OracleTooVolatile, reading.MovePpm, PriceConfirmation.TooVolatileBandPpm(m, ctx.Now)); break;
                case OracleValidity.Diverging: Raise(ResponseLevel.High, IncidentTrigger.OracleDiverging, reading.SpreadPpm, p.Oracle.DivergenceBand.Ppm); break;
            }
            if (reading.RejectedMask != 0) Raise(ResponseLevel.Elevated, IncidentTrigger.OracleDiverging, reading.SpreadPpm, p.Oracle.OutlierBand.Ppm);
            if (signal == BreakerSignal.BreachHeld) Raise(ResponseLevel.Severe, IncidentTrigger.PriceBandBreachHeld, m.Breaker.LastDeviationPpm, PriceConfirmation.PriceBandPpm(m));
            else if (signal == BreakerSignal.Limit) Raise(ResponseLevel.High, IncidentTrigger.PriceBandLimit, m.Breaker.LastDeviationPpm, PriceConfirmation.PriceBandPpm(m));
            if (m.Volatility.MultiplierPpm > Fraction.Scale) Raise(ResponseLevel.Elevated, IncidentTrigger.VolatilityElevated, m.Volatility.MultiplierPpm, Fraction.Scale);
            var oiNotional = Notional.Of(m.OpenInterest, m.Mark, Rounding.Floor);
            var spikeThreshold = p.Ladder.LiquidationSpikeFraction.Of(oiNotional, Rounding.Floor);
            if (m.LiquidatedInWindow.Micros > 0 && m.LiquidatedInWindow > spikeThreshold)
                Raise(ResponseLevel.High, IncidentTrigger.LiquidationSpike, m.LiquidatedInWindow.Micros, spikeThreshold.Micros);
            // The vault counts with the fund: a migration moves liquidity out of harm's way, it is not a drain.
            var drop = m.InsuranceFundAtWindowStart - (ctx.State.InsuranceFund + ctx.State.Vault);
            var drainThreshold = p.Ladder.InsuranceDrainFraction.Of(m.InsuranceFundAtWindowStart, Rounding.Floor);
            if (drop.Micros > 0 && drop > drainThreshold) Raise(ResponseLevel.High, IncidentTrigger.InsuranceFundDrain, drop.Micros, drainThreshold.Micros);
        }
        // A floor set by a watcher quorum holds whatever the policy, until it lapses.
        if (m.ExternalLevelUntil > ctx.Now) Raise(m.ExternalLevel, IncidentTrigger.ExternalRequest, (long)m.ExternalLevel, m.ExternalLevelUntil);
        Move(ctx, m, target, trigger, value, threshold);
        UpdateMultiplier(ctx, m);
    }

    /// <summary>Raises a market to the market-wide level at once (all markets step up together).</summary>
    public static void ApplyMarketWide(ApplyContext ctx, Market m)
    {
        var level = ctx.State.MarketWideLevel;
        if (level <= m.Ladder.Level) return;
        Move(ctx, m, level, IncidentTrigger.MarketWideDecline, ctx.State.MarketWideDeclinePpm, ctx.State.MarketWide.HighDecline.Ppm);
        UpdateMultiplier(ctx, m);
    }

    /// <summary>Applies a watcher-quorum floor at once, without waiting for the next oracle report.</summary>
    public static void ApplyExternal(ApplyContext ctx, Market m)
    {
        if (m.ExternalLevelUntil <= ctx.Now || m.ExternalLevel <= m.Ladder.Level) return;
        Move(ctx, m, m.ExternalLevel, IncidentTrigger.ExternalRequest, (long)m.ExternalLevel, m.ExternalLevelUntil);
        UpdateMultiplier(ctx, m);
    }

    private static void Move(ApplyContext ctx, Market m, ResponseLevel target, IncidentTrigger trigger, long value, long threshold)
    {
        var p = m.Params;
        var previous = m.Ladder.Step(target, trigger, ctx.Now, p);
        if (previous is not { } from) return;
        var to = m.Ladder.Level;
        if (from == ResponseLevel.Normal)
        {
            m.Ladder.IncidentId = ++ctx.State.LastIncidentId;
            ctx.Emit(new IncidentOpened(m.Ladder.IncidentId, m.Id, trigger, to));
        }
        ctx.Emit(new LadderLevelChanged(m.Ladder.IncidentId, m.Id, from, to, m.Ladder.Trigger, value, threshold, m.Ladder.ExpiresAt(p)));
        if (to == ResponseLevel.Critical && from < ResponseLevel.Critical) LiquidityMigration.Migrate(ctx, MigrationTrigger.CriticalLevel, m.Id);
        ApplyStatus(ctx, m);
        if (to == ResponseLevel.Normal)
        {
            ctx.Emit(new IncidentClosed(m.Ladder.IncidentId, m.Id));
            m.Ladder.IncidentId = 0;
        }
    }

    private static void RollWindow(ApplyContext ctx, Market m)
    {
        if (ctx.Now - m.WindowStart < m.Params.Ladder.WindowSeconds) return;
        m.WindowStart = ctx.Now;
        m.LiquidatedInWindow = Usd.Zero;
        m.InsuranceFundAtWindowStart = ctx.State.InsuranceFund + ctx.State.Vault;
    }

    private static void ApplyStatus(ApplyContext ctx, Market m)
    {
        if (m.Status == MarketStatus.Settlement) return;
        var status = LadderState.StatusFor(m.Ladder.Level);
        if (status == m.Status) return;
        ctx.Emit(new MarketStatusChanged(m.Id, m.Status, status));
        m.Status = status;
    }

    /// <summary>Effective multiplier = max(volatility multiplier, elevated multiplier at elevated and above). The liquidation index is keyed independently of it.</summary>
    private static void UpdateMultiplier(ApplyContext ctx, Market m)
    {
        var ladder = m.Ladder.Level >= ResponseLevel.Elevated ? m.Params.Ladder.ElevatedMarginMultiplier.Ppm : Fraction.Scale;
        var effective = Math.Max(m.Volatility.MultiplierPpm, ladder);
        if (effective == m.MarginMultiplierPpm) return;
        m.MarginMultiplierPpm = effective;
        ctx.Emit(new MarginMultiplierChanged(m.Id, m.Volatility.MultiplierPpm, effective, m.Volatility.VolatilityPpm));
    }
}

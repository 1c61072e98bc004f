using Breakwater.Protocol.Events;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;
using Breakwater.Protocol.Transactions;
using static Breakwater.Protocol.Engine.ApplyContext;

namespace Breakwater.Protocol.Engine;

/// <summary>
/// Applies an oracle report: re-aggregates the index, grades the oracle, confirms the price or holds the mark at the
/// last confirmed one (see <see cref="PriceConfirmation"/>), and runs the market's guards (price band,
/// volatility-scaled margin, response ladder) on confirmed prices only. A <c>Tick</c> re-grades on time alone.
/// </summary>
internal static class OracleHandler
{
    public static Rejection? Report(ApplyContext ctx, OracleReport tx)
    {
        if (ctx.State.MarketOrNull(tx.MarketId) is not { } m) return Reject(RejectReason.UnknownMarket, $"market {tx.MarketId} does not exist");
        if (tx.Source < 0 || tx.Source >= m.Params.Oracle.SourceCount)
            return Reject(RejectReason.InvalidSource, $"source {tx.Source} is not one of market {m.Symbol}'s {m.Params.Oracle.SourceCount} sources");
        if (!tx.Price.IsValid) return Reject(RejectReason.InvalidPrice, $"reported price {tx.Price} must be in (0, 1e10]");
        if (m.Status == MarketStatus.Settlement) return Reject(RejectReason.MarketSettled, $"market {m.Symbol} is settled");

        ctx.Committing = true;
        m.Reports[tx.Source] = new SourceReport(tx.Price.Units, ctx.Now);
        var (reading, signal) = Grade(ctx, m);
        ctx.Emit(new OracleUpdated(m.Id, tx.Source, tx.Price, m.Index, m.Mark, m.Validity, reading.AcceptedSources, reading.RejectedMask));
        FundingHandler.OnOracle(ctx, m);
        Suspect(ctx, m);
        MarketWideBreaker.Update(ctx, m);
        LadderEvaluator.Evaluate(ctx, m, reading, signal);
        return null;
    }

    /// <summary>
    /// Time-driven re-grading: every market whose sources have all gone silent past the staleness bound turns Stale
    /// (no report needed), and every market whose ladder cooldown or external floor has run out steps down. Refused
    /// with <see cref="RejectReason.NothingDue"/> when nothing changes, so idle ticks never reach the log.
    /// </summary>
    public static Rejection? Tick(ApplyContext ctx)
    {
        List<Market>? due = null;
        foreach (var m in ctx.State.MarketsInOrder)
            if (IsDue(m, ctx.Now)) (due ??= []).Add(m);
        if (due is null) return Reject(RejectReason.NothingDue, $"nothing is due at {ctx.Now}: every oracle is as graded and no cooldown has run out");

        ctx.Committing = true;
        foreach (var m in due)
        {
            var before = m.Validity;
            var reading = m.LastReading with { Validity = m.Validity };
            if (!HasFreshReport(m, ctx.Now))
            {
                reading = new OracleReading(OracleValidity.Stale, 0, 0, 0, 0, 0, 0);
                m.LastReading = reading;
                m.Validity = OracleValidity.Stale;
                m.PendingSign = 0;
            }
            if (m.Validity != before)
            {
                ctx.Emit(new OracleRegraded(m.Id, before, m.Validity, m.Mark));
                FundingHandler.OnOracle(ctx, m);
                Suspect(ctx, m);
            }
            LadderEvaluator.Evaluate(ctx, m, reading, m.Breaker.Current(m.Params.Breaker, ctx.Now));
        }
        return null;
    }

    /// <summary>Whether a tick at <paramref name="now"/> changes the market: its feed went silent, or a ladder level may lapse.</summary>
    internal static bool IsDue(Market m, long now)
    {
        if (m.Status == MarketStatus.Settlement) return false;
        if (m.Validity != OracleValidity.Stale && !HasFreshReport(m, now)) return true;
        return m.Ladder.Level > ResponseLevel.Normal && now - m.Ladder.LastHeldAt >= LadderState.Cooldown(m.Ladder.Level, m.Params);
    }

    private static bool HasFreshReport(Market m, long now)
    {
        foreach (var r in m.Reports)
            if (r is { } x && now - x.Time <= m.Params.Oracle.MaxReportAgeSeconds) return true;
        return false;
    }

    /// <summary>Aggregates, grades and, when the price is confirmed, moves the mark, the reference, the band and the volatility estimate.</summary>
    private static (OracleReading Reading, BreakerSignal Signal) Grade(ApplyContext ctx, Market m)
    {
        var p = m.Params;
        var now = ctx.Now;
        var reference = m.Window.Average;
        var held = m.Held.Units;
        var reading = OracleAggregator.Aggregate(m.Reports, p.Oracle, now, held, PriceConfirmation.TooVolatileBandPpm(m, now));
        var confirmed = reading.Validity == OracleValidity.Valid;
        var jump = false;
        if (reading.Validity == OracleValidity.TooVolatile)
        {
            var sign = Math.Sign(reading.IndexUnits - held);
            // Sources that disagree beyond the divergence band confirm nothing, however long the move lasts: time
            // confirms a move, not a contested price.
            var agreeing = p.Oracle.DivergenceBand.Ppm == 0 || reading.SpreadPpm <= p.Oracle.DivergenceBand.Ppm;
            var carried = reading.AcceptedSources >= p.Oracle.ConfirmationQuorum;
            var persisted = m.PendingSign == sign && now - m.PendingSince >= p.Oracle.ConfirmationSeconds;
            if ((agreeing && (carried || persisted)) || p.Oracle.ConfirmationSeconds == 0) confirmed = jump = true;
            else if (m.PendingSign != sign)
            {
                m.PendingSign = sign;
                m.PendingSince = now;
            }
        }
        else if (!confirmed) m.PendingSign = 0;

        var signal = BreakerSignal.InBand;
        if (!confirmed)
        {
            // The index says what the sources say; the mark, the reference and the volatility estimate stay confirmed.
            if (reading.IndexUnits > 0) m.Index = new Price(reading.IndexUnits);
            m.Validity = reading.Validity;
            m.LastReading = reading;
            return (reading, signal);
        }

        var index = reading.IndexUnits;
        m.Index = new Price(index);
        signal = m.Breaker.Evaluate(index, reference, p.Breaker, PriceConfirmation.PriceBandPpm(m), now);
        m.Mark = NextMark(m.Mark, m.Index, p.Oracle.MarkMaxStep);
        if (jump)
        {
            ctx.Emit(new PriceConfirmed(m.Id, m.Index, reading.MovePpm, m.PendingSign != 0 ? now - m.PendingSince : 0, reading.AcceptedSources));
            m.Window.Reset(now, index);
            m.Held.Reset(now, index);
        }
        else
        {
            m.Window.Add(now, index, p.Breaker.ReferenceWindowSeconds);
            m.Held.Observe(now, index, p.Oracle.ConfirmationSeconds);
        }
        m.Volatility.Observe(index, now, p.DynamicMargin);
        m.BandVolatility.Sample(m.Held.Units, now, p.DynamicMargin);
        m.LastConfirmedTime = now;
        m.PendingSign = 0;
        for (var i = 0; i < m.Reports.Length; i++)
            if (m.Reports[i] is { } r && (reading.RejectedMask & (1UL << i)) == 0 && now - r.Time <= p.Oracle.MaxReportAgeSeconds)
                m.Anchors[i] = r.Units;
        m.Validity = OracleValidity.Valid;
        reading = reading with { Validity = OracleValidity.Valid };
        m.LastReading = reading;
        return (reading, signal);
    }

    /// <summary>Names the source that left its own history whenever the oracle is not Valid (once per suspect).</summary>
    private static void Suspect(ApplyContext ctx, Market m)
    {
        var suspect = m.Validity == OracleValidity.Valid ? -1 : PriceConfirmation.SuspectSource(m, ctx.Now);
        if (suspect == m.SuspectSource) return;
        m.SuspectSource = suspect;
        if (suspect >= 0) ctx.Emit(new OracleSourceSuspected(m.Id, suspect, PriceConfirmation.SourceMovePpm(m, suspect), m.Validity));
    }

    /// <summary>
    /// The mark follows the index, moving at most <paramref name="maxStep"/> of the previous mark per
    /// update (0 = no bound), so one manipulated print cannot move it further than that.
    /// </summary>
    public static Price NextMark(Price previous, Price index, Fraction maxStep)
    {
        if (maxStep.Ppm == 0) return index;
        var up = checked(previous.Units + FixedMath.MulDiv(previous.Units, maxStep.Ppm, Fraction.Scale, Rounding.Floor));
        var down = Math.Max(1, previous.Units - FixedMath.MulDiv(previous.Units, maxStep.Ppm, Fraction.Scale, Rounding.Floor));
        return new Price(FixedMath.Clamp(index.Units, down, up));
    }
}

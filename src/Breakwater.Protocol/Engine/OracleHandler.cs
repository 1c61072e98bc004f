using Breakwater.Protocol.Events;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;
using Breakwater.Protocol.Transactions;
using static Breakwater.Protocol.Engine.ApplyContext;

namespace Breakwater.Protocol.Engine;

/// <summary>
/// Applies an oracle report: re-aggregates the index, grades the oracle, moves the mark, and runs the
/// market's guards (price band, volatility-scaled margin, response ladder).
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
        var p = m.Params;
        m.Reports[tx.Source] = new SourceReport(tx.Price.Units, ctx.Now);
        var reference = m.Window.Average;
        var reading = OracleAggregator.Aggregate(m.Reports, p.Oracle, ctx.Now, reference);
        m.Validity = reading.Validity;
        var signal = BreakerSignal.InBand;
        if (reading.Validity is OracleValidity.Valid or OracleValidity.Diverging or OracleValidity.TooVolatile)
        {
            m.Index = new Price(reading.IndexUnits);
            // A too-volatile index still enters the reference, so the reference catches up and the grade clears.
            m.Window.Add(ctx.Now, reading.IndexUnits, p.Breaker.ReferenceWindowSeconds);
            signal = m.Breaker.Evaluate(reading.IndexUnits, reference, p.Breaker, ctx.Now);
            if (reading.Validity != OracleValidity.TooVolatile)
            {
                m.Mark = NextMark(m.Mark, m.Index, p.Oracle.MarkMaxStep);
                m.Volatility.Observe(reading.IndexUnits, ctx.Now, p.DynamicMargin);
            }
        }
        ctx.Emit(new OracleUpdated(m.Id, tx.Source, tx.Price, m.Index, m.Mark, m.Validity, reading.AcceptedSources, reading.RejectedMask));
        MarketWideBreaker.Update(ctx, m);
        LadderEvaluator.Evaluate(ctx, m, reading, signal);
        return null;
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

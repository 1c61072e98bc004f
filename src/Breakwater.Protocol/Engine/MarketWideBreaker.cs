using Breakwater.Protocol.Events;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;
using static Breakwater.Protocol.Engine.ApplyContext;

namespace Breakwater.Protocol.Engine;

/// <summary>
/// Computes the market-wide decline after each oracle update: D = 1 − Σ OIₘ·markₘ / Σ OIₘ·refₘ, the open-interest
/// weighted value of all markets against each market's mark at the start of the UTC day (weights are today's OI, so
/// the measure is a price move, not a change in positions). As in equities, each level triggers once per day: crossing
/// it raises every market together, and each market then recovers through its own ladder cooldowns.
/// </summary>
internal static class MarketWideBreaker
{
    public static Rejection? Configure(ApplyContext ctx, ConfigureMarketWideBreaker tx)
    {
        if (tx.Params.Validate() is { } problem) return Reject(RejectReason.InvalidParams, problem);
        if (ctx.State.Accounts.Values.Any(a => a.PositionCount > 0)) return Reject(RejectReason.InvalidOperation, "the market-wide breaker is set at genesis; later changes go through the DAO");
        ctx.Committing = true;
        ctx.State.MarketWide = tx.Params;
        return null;
    }

    public static void Update(ApplyContext ctx, Market reported)
    {
        var s = ctx.State;
        var day = ctx.Now / 86_400;
        if (reported.ReferenceDay != day)
        {
            reported.ReferenceDay = day;
            reported.DayReferenceMark = reported.Mark;
        }
        if (!s.MarketWide.Enabled) return;
        Int128 now = 0, reference = 0;
        foreach (var m in s.MarketsInOrder)
        {
            if (m.ReferenceDay != day || m.OpenInterest.IsZero) continue;
            now += (Int128)m.OpenInterest.Units * m.Mark.Units;
            reference += (Int128)m.OpenInterest.Units * m.DayReferenceMark.Units;
        }
        var decline = reference == 0 || now >= reference ? 0 : (long)FixedMath.Div128((reference - now) * Fraction.Scale, reference, Rounding.Floor);
        s.MarketWideDeclinePpm = decline;
        if (s.MarketWideDay != day)
        {
            s.MarketWideDay = day;
            s.MarketWideLevel = ResponseLevel.Normal;
        }
        var level = s.MarketWide.LevelFor(decline);
        if (level <= s.MarketWideLevel) return;
        s.MarketWideLevel = level;
        ctx.Emit(new MarketWideBreakerTriggered(level, decline, s.MarketWide.DeclineFor(level).Ppm));
        foreach (var m in s.MarketsInOrder) LadderEvaluator.ApplyMarketWide(ctx, m);
    }
}

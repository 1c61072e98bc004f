using Breakwater.Protocol.Events;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;

namespace Breakwater.Protocol.Engine;

/// <summary>
/// Funding accrual and settlement (formula and sources on <see cref="FundingParams"/>). Runs on every oracle report and
/// every re-grade: closes the premium in force (time-weighted), settles the interval when it is due and the grade
/// allows it (<see cref="OracleOperation.SettleFunding"/>) by moving the market's cumulative funding index, and samples
/// the new premium when the grade is Valid. Accounts realize what they owe lazily (<see cref="ApplyContext.Fill"/>).
/// </summary>
internal static class FundingHandler
{
    private const long Billion = 1_000_000_000;
    private const long EightHours = 8 * 3_600;

    public static void OnOracle(ApplyContext ctx, Market m)
    {
        var p = m.Params.Funding;
        if (!p.Enabled || m.Status == MarketStatus.Settlement) return;
        var f = m.Funding;
        var now = ctx.Now;
        if (f.IntervalStart == 0) f.IntervalStart = p.IntervalStartAt(now);
        if (f.Sampling && now > f.LastSampleTime)
        {
            f.PremiumSum = checked(f.PremiumSum + f.LastPremiumPpb * (now - f.LastSampleTime));
            f.PremiumSeconds = checked(f.PremiumSeconds + (now - f.LastSampleTime));
        }
        var allowed = OraclePermissions.Allows(m.Validity, OracleOperation.SettleFunding);
        if (allowed && now >= f.IntervalStart + p.IntervalSeconds) Settle(ctx, m, p, f);
        f.Sampling = allowed;
        f.LastSampleTime = now;
        if (allowed) f.LastPremiumPpb = Premium(m);
    }

    /// <summary>(mark − index) / index in ppb, rounded toward zero.</summary>
    internal static long Premium(Market m)
        => m.Index.Units <= 0 ? 0 : (long)((Int128)(m.Mark.Units - m.Index.Units) * Billion / m.Index.Units);

    /// <summary>The rate for one interval from its average premium, ppb: F = P + clamp(I − P, −c, c) per 8 h, scaled and capped.</summary>
    internal static long Rate(long averagePremiumPpb, FundingParams p)
    {
        var interest = p.InterestRate8h.Ppm * 1_000;
        var clamp = p.PremiumClamp8h.Ppm * 1_000;
        var rate8h = checked(averagePremiumPpb + FixedMath.Clamp(interest - averagePremiumPpb, -clamp, clamp));
        // Scaling to the interval truncates toward zero: neither side is favoured by the rounding of the rate itself.
        var rate = (long)((Int128)rate8h * p.IntervalSeconds / EightHours);
        var cap = (long)((Int128)p.CapPerHour.Ppm * 1_000 * p.IntervalSeconds / 3_600);
        return FixedMath.Clamp(rate, -cap, cap);
    }

    private static void Settle(ApplyContext ctx, Market m, FundingParams p, FundingState f)
    {
        // Truncation toward zero again; with no Valid time in the interval the premium is zero and only interest is paid.
        var premium = f.PremiumSeconds == 0 ? 0 : f.PremiumSum / f.PremiumSeconds;
        var rate = Rate(premium, p);
        // Nobody is paid here: the index moves, and each position realizes size × its move (rounded up) when it next
        // changes, while margin counts it from now on (MarginCalculator). The event reports the interval's total at
        // the open interest (longs' sizes, equal to shorts'), before the per-position rounding.
        f.CumulativeIndex = checked(f.CumulativeIndex + (Int128)m.Mark.Units * rate);
        var notional = Notional.Of(m.OpenInterest, m.Mark, Rounding.Floor);
        var paid = new Usd(FixedMath.MulDiv(notional.Micros, Math.Abs(rate), Billion, Rounding.Floor));
        ctx.Emit(new FundingSettled(m.Id, f.IntervalStart, premium, rate, m.Mark, f.CumulativeIndex, m.OpenInterest, paid, ctx.State.HoldersOf(m.Id).Count));
        f.LastRatePpb = rate;
        f.IntervalStart = p.IntervalStartAt(ctx.Now);
        f.PremiumSum = 0;
        f.PremiumSeconds = 0;
    }
}

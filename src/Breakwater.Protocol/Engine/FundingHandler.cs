using Breakwater.Protocol.Events;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;

namespace Breakwater.Protocol.Engine;

/// <summary>
/// Funding accrual and settlement (formula and sources on <see cref="FundingParams"/>). Runs on every oracle report and
/// every re-grade: closes the premium in force (time-weighted), settles the interval when it is due and the grade
/// allows it (<see cref="OracleOperation.SettleFunding"/>), and samples the new premium when the grade is Valid.
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
        var paid = Usd.Zero;
        var received = Usd.Zero;
        var positions = 0;
        if (rate != 0)
        {
            var magnitude = Math.Abs(rate);
            var reindexAll = ctx.Index.FundingSettling(m.Id);
            foreach (var account in ctx.State.HoldersOf(m.Id).Accounts)
            {
                if (account.PositionIn(m.Id) is not { } pos || pos.Size.IsZero) continue;
                var notional = Notional.Of(new Size(Math.Abs(pos.Size.Units)), m.Mark, Rounding.Floor);
                var pays = pos.Size.Units > 0 == rate > 0;
                // Payers round up and receivers down: the protocol never pays out more than it collects.
                var amount = new Usd(FixedMath.MulDiv(notional.Micros, magnitude, Billion, pays ? Rounding.Ceiling : Rounding.Floor));
                if (pays)
                {
                    account.Collateral -= amount;
                    paid += amount;
                }
                else
                {
                    account.Collateral += amount;
                    received += amount;
                }
                positions++;
                // Payers' keys move together (ShiftPayers below); a receiver's stays conservative. Every
                // FundingAllowance settlements every holder is re-indexed, which also resets the rounding allowance.
                if (reindexAll) ctx.Touch(account);
                else ctx.Index.MarkChanged(account.Id);
            }
            if (!reindexAll) ctx.Index.ShiftPayers(m.Id, longsPay: rate > 0, m.Mark, rate);
        }
        // Longs and shorts hold equal sizes, so received ≤ paid up to rounding; the remainder is the insurance fund's.
        var remainder = paid - received;
        ctx.State.InsuranceFund += remainder;
        ctx.Emit(new FundingSettled(m.Id, f.IntervalStart, premium, rate, m.Mark, paid, received, remainder, positions));
        f.LastRatePpb = rate;
        f.IntervalStart = p.IntervalStartAt(ctx.Now);
        f.PremiumSum = 0;
        f.PremiumSeconds = 0;
    }
}

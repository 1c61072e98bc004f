using Breakwater.Protocol.Accounts;
using Breakwater.Protocol.Margin;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Liquidation;

/// <summary>One counterparty's share of an ADL.</summary>
/// <param name="Account">Counterparty account id.</param>
/// <param name="Size">Size taken from its position (positive), 1e-8 base units.</param>
public readonly record struct AdlShare(long Account, long Size);

/// <summary>
/// Chooses ADL counterparties among profitable positions opposite to the bankrupt one and sizes their
/// shares so that they sum to exactly the target (or to all the capacity there is).
/// </summary>
public static class AdlAllocator
{
    /// <summary>
    /// BitMEX's ADL ranking score: PnL % × effective leverage, with PnL % = unrealized PnL / |cost basis|
    /// and effective leverage = notional / equity (both ppm). Higher is deleveraged first.
    /// </summary>
    /// <remarks>
    /// Both factors are computed in 128 bits and saturated at the 64-bit range (a ranking needs order, not magnitude; every
    /// score that fitted before is unchanged), so no
    /// candidate — a whale a micro-dollar from zero equity, a position with a micro-dollar cost basis — can overflow
    /// the score and make the bankrupt account's liquidation fail: it simply ranks first.
    /// </remarks>
    public static Int128 RankScore(Position position, Price mark, MarginSummary margin)
    {
        var upnl = position.UnrealizedPnL(mark).Micros;
        var basis = Math.Max(1, Math.Abs(position.OpenNotional.Micros));
        var pnlPpm = Saturate(FixedMath.Div128((Int128)upnl * Fraction.Scale, basis, Rounding.Floor));
        var notional = Notional.Of(position.Size, mark, Rounding.Floor).Micros;
        var leveragePpm = margin.Equity.Micros <= 0 ? long.MaxValue / 4 : Saturate(FixedMath.Div128((Int128)notional * Fraction.Scale, margin.Equity.Micros, Rounding.Floor));
        return pnlPpm * leveragePpm;
    }

    private static readonly Int128 Cap = long.MaxValue;

    private static Int128 Saturate(Int128 v) => v > Cap ? Cap : v < -Cap ? -Cap : v;

    /// <summary>
    /// Profitable positions opposite to <paramref name="bankruptSide"/> in the market, in ranking order
    /// (score descending, then account id ascending). With <paramref name="bankruptcy"/> given, each candidate's size is
    /// capped so that closing it at that price never takes the counterparty below zero equity (a bankruptcy price
    /// beyond the mark costs the counterparty |b − M| per unit); what no one can take passes down the waterfall.
    /// </summary>
    public static List<(long Account, long Size)> RankedCandidates(
        IEnumerable<long> holders, IReadOnlyDictionary<long, Account> accounts, IReadOnlyDictionary<int, Market> markets,
        Market market, int bankruptSide, long bankruptAccount, Price? bankruptcy = null)
    {
        var scored = new List<(Int128 Score, long Account, long Size)>();
        foreach (var id in holders)
        {
            if (id == bankruptAccount) continue;
            var pos = accounts[id].PositionIn(market.Id);
            if (pos is null || pos.Size.Sign != -bankruptSide) continue;
            if (pos.UnrealizedPnL(market.Mark).Micros <= 0) continue;
            var margin = MarginCalculator.Compute(accounts[id], markets);
            var size = Math.Abs(pos.Size.Units);
            if (bankruptcy is { } b)
            {
                // Equity change of closing one unit at b instead of the mark: sign × (b − M); a loss caps the share.
                var perUnit = pos.Size.Sign * (b.Units - market.Mark.Units);
                if (perUnit < 0)
                {
                    var cap = margin.Equity.Micros <= 0 ? 0 : FixedMath.Div((Int128)margin.Equity.Micros * Notional.Divisor, -perUnit, Rounding.Floor);
                    cap -= cap % market.Params.StepSize.Units;
                    size = Math.Min(size, cap);
                }
            }
            if (size <= 0) continue;
            scored.Add((RankScore(pos, market.Mark, margin), id, size));
        }
        scored.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Account.CompareTo(b.Account));
        return scored.ConvertAll(s => (s.Account, s.Size));
    }

    /// <summary>
    /// Splits <paramref name="target"/> (a multiple of <paramref name="step"/>) across ranked candidates.
    /// Ranked and greedy modes take from the top of the list; pro-rata shares by size, floored to the step,
    /// with the remaining steps handed out in ranking order. Never allocates more than the target.
    /// </summary>
    public static List<AdlShare> Allocate(List<(long Account, long Size)> ranked, long target, long step, AdlMode mode)
    {
        var shares = new List<AdlShare>();
        if (target <= 0 || ranked.Count == 0) return shares;
        if (mode != AdlMode.ProRata)
        {
            var left = target;
            foreach (var (id, size) in ranked)
            {
                if (left == 0) break;
                var take = Math.Min(left, size);
                shares.Add(new AdlShare(id, take));
                left -= take;
            }
            return shares;
        }
        Int128 capacity = 0;
        foreach (var c in ranked) capacity += c.Size;
        if (capacity <= target) return ranked.ConvertAll(c => new AdlShare(c.Account, c.Size));
        var alloc = new long[ranked.Count];
        long given = 0;
        for (var i = 0; i < ranked.Count; i++)
        {
            var raw = (long)((Int128)target * ranked[i].Size / capacity);
            alloc[i] = raw - raw % step;
            given += alloc[i];
        }
        for (var i = 0; given < target; i = (i + 1) % ranked.Count)
        {
            var add = Math.Min(Math.Min(step, target - given), ranked[i].Size - alloc[i]);
            alloc[i] += add;
            given += add;
        }
        for (var i = 0; i < ranked.Count; i++)
            if (alloc[i] > 0) shares.Add(new AdlShare(ranked[i].Account, alloc[i]));
        return shares;
    }
}

using Breakwater.Protocol.Accounts;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Margin;

/// <summary>
/// Cross-margin arithmetic: equity = collateral + Σ (size × mark − cost basis − funding owed since the position last
/// changed, rounded up as it will be realized);
/// IM = Σ |size| × mark × IMF; MM = Σ |size| × mark × MMF (effective fractions, after multipliers).
/// </summary>
public static class MarginCalculator
{
    /// <summary>Computes the account's margin at the markets' current marks.</summary>
    /// <exception cref="KeyNotFoundException">a position refers to an unknown market (a bug).</exception>
    public static MarginSummary Compute(Account account, IReadOnlyDictionary<int, Market> markets)
        // Market ids are ≥ 0 (CreateMarket refuses others), so −1 replaces no position.
        => ComputeWith(account, markets, -1, Size.Zero, Usd.Zero, Usd.Zero);

    /// <summary>
    /// The account's margin as if its position in <paramref name="marketId"/> were <paramref name="size"/> at cost basis
    /// <paramref name="openNotional"/> (zero size: no position), that position owing no funding (a fill realizes it), and
    /// <paramref name="collateralDelta"/> were added to its collateral: a trade's check of the account after the fill,
    /// without copying the account. Same roundings as <see cref="Compute"/>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">a position refers to an unknown market (a bug).</exception>
    public static MarginSummary ComputeWith(Account account, IReadOnlyDictionary<int, Market> markets, int marketId, Size size, Usd openNotional, Usd collateralDelta)
    {
        var sum = new Sum(account.Collateral + collateralDelta);
        for (var i = 0; i < account.PositionCount; i++)
        {
            var p = account.PositionAt(i);
            if (p.MarketId != marketId) sum.Add(markets[p.MarketId], p.Size, p.OpenNotional, p.FundingIndex);
        }
        // Integer sums: adding the replaced position last gives the same totals as in market order.
        if (!size.IsZero)
        {
            var m = markets[marketId];
            sum.Add(m, size, openNotional, m.Funding.CumulativeIndex);
        }
        return sum.Result;
    }

    /// <summary>
    /// The account's margin after a fill of signed <paramref name="delta"/> for <paramref name="cash"/> in
    /// <paramref name="marketId"/> (the fill's realized PnL and the funding the position realizes included) and
    /// <paramref name="collateralDelta"/> (e.g. −fee), without changing the account: what a trade or a liquidation checks
    /// before it commits.
    /// </summary>
    public static MarginSummary AfterFill(Account account, IReadOnlyDictionary<int, Market> markets, int marketId, Size delta, Usd cash, Usd collateralDelta)
    {
        var pos = account.PositionIn(marketId);
        var (size, openNotional, realized) = PositionMath.Fill(pos?.Size ?? Size.Zero, pos?.OpenNotional ?? Usd.Zero, delta, cash);
        var funding = pos?.FundingOwed(markets[marketId].Funding.CumulativeIndex) ?? Usd.Zero;
        return ComputeWith(account, markets, marketId, size, openNotional, realized - funding + collateralDelta);
    }

    /// <summary>Equity and requirements summed position by position.</summary>
    private struct Sum(Usd collateral)
    {
        private Usd _equity = collateral, _im, _mm, _notional;

        public void Add(Market m, Size size, Usd openNotional, Int128 fundingIndex)
        {
            _equity += PositionMath.UnrealizedPnL(size, openNotional, m.Mark) - PositionMath.FundingOwed(size, fundingIndex, m.Funding.CumulativeIndex);
            var n = Notional.Of(size, m.Mark, Rounding.Ceiling);
            _notional += n;
            _im += m.EffectiveImf.Of(n, Rounding.Ceiling);
            _mm += m.EffectiveMmf.Of(n, Rounding.Ceiling);
        }

        public readonly MarginSummary Result => new(_equity, _im, _mm, _notional);
    }

    /// <summary>
    /// Bankruptcy price of a position: the mark at which the account's
    /// equity is zero with every other position at its mark, b = M − E / S. Rounded toward the
    /// bankrupt side's favour (up for longs, down for shorts) so that closing at b leaves no deficit.
    /// Clamped to at least 1 unit.
    /// </summary>
    /// <param name="equity">Account equity at current marks, 1e-6 USD.</param>
    /// <param name="size">Signed position size (non-zero).</param>
    /// <param name="mark">Current mark.</param>
    public static Price BankruptcyPrice(Usd equity, Size size, Price mark)
    {
        // E·D/S in price units; floor(E·D/|S|) keeps the rounding on the bankrupt side's favour.
        var shift = FixedMath.Div((Int128)equity.Micros * Notional.Divisor, Math.Abs(size.Units), Rounding.Floor);
        var b = size.Units > 0 ? checked(mark.Units - shift) : checked(mark.Units + shift);
        return new Price(Math.Max(1, b));
    }

    /// <summary>
    /// Liquidation price of a single-market account: the mark at which equity equals maintenance margin,
    /// p = (S·M − E) / (S − MMF·|S|) (all in consistent units). Exact for accounts with one position;
    /// returns null when no price triggers liquidation from above/below (e.g. MMF = 100 %).
    /// </summary>
    /// <param name="equity">Equity at the current mark, 1e-6 USD.</param>
    /// <param name="size">Signed size (non-zero).</param>
    /// <param name="mark">Current mark.</param>
    /// <param name="mmf">Effective maintenance margin fraction.</param>
    /// <param name="rounding">Rounding of the result.</param>
    public static long? LiquidationPriceUnits(Usd equity, Size size, Price mark, Fraction mmf, Rounding rounding)
    {
        var num = (Int128)size.Units * mark.Units - (Int128)equity.Micros * Notional.Divisor;
        var den = (Int128)size.Units * Fraction.Scale - (Int128)mmf.Ppm * Math.Abs(size.Units);
        if (den == 0) return null;
        var p = FixedMath.Div128(num * Fraction.Scale, den, rounding);
        if (p > long.MaxValue) return long.MaxValue;
        if (p < long.MinValue) return long.MinValue;
        return (long)p;
    }
}

using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Accounts;

/// <summary>
/// An open perpetual position. <see cref="OpenNotional"/> is the signed cost basis at average entry
/// (positive for longs): unrealized PnL at mark M is Size × M − OpenNotional; reducing realizes the
/// proportional share into the account's collateral.
/// </summary>
public sealed class Position(int marketId)
{
    /// <summary>The market id.</summary>
    public int MarketId { get; } = marketId;

    /// <summary>Signed size, 1e-8 base units (positive = long).</summary>
    public Size Size { get; internal set; }

    /// <summary>Signed cost basis in 1e-6 USD (size × average entry price).</summary>
    public Usd OpenNotional { get; internal set; }

    /// <summary>
    /// The market's <see cref="Markets.FundingState.CumulativeIndex"/> when this position last settled funding (opened,
    /// changed or closed): the funding it owes since is size × (index now − this) / 1e19 micro-dollars
    /// (<see cref="PositionMath.FundingOwed"/>).
    /// </summary>
    public Int128 FundingIndex { get; internal set; }

    /// <summary>Average entry price, rounded down (for display and ADL ranking).</summary>
    public Price EntryPrice => Size.IsZero ? default : new(FixedMath.MulDiv(OpenNotional.Micros, Notional.Divisor, Size.Units, Rounding.Floor));

    /// <summary>Unrealized PnL at <paramref name="mark"/>, rounded down (against the account).</summary>
    public Usd UnrealizedPnL(Price mark) => PositionMath.UnrealizedPnL(Size, OpenNotional, mark);

    /// <summary>Funding owed since <see cref="FundingIndex"/> at the market's <paramref name="index"/> (negative: owed to the holder), 1e-6 USD, rounded up.</summary>
    public Usd FundingOwed(Int128 index) => PositionMath.FundingOwed(Size, FundingIndex, index);
}

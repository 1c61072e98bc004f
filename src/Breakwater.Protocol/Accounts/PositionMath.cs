using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Accounts;

/// <summary>
/// Applies fills to accounts. Each fill moves one rounded cash amount c = ⌊|Δ| × price⌋ between the two
/// sides; an increase adds c to the cost basis, a reduction realizes (proceeds − proportional cost basis)
/// into collateral. Collateral − Σ cost basis therefore changes by exactly ∓c, which keeps value conserved.
/// </summary>
public static class PositionMath
{
    /// <summary>The cash of a fill: ⌊|size| × price⌋ in 1e-6 USD.</summary>
    public static Usd Cash(Size size, Price price) => Notional.Of(size, price, Rounding.Floor);

    /// <summary>
    /// Applies a fill of signed <paramref name="delta"/> (positive = buy) for <paramref name="cash"/> (≥ 0)
    /// to the account's position in <paramref name="marketId"/>. Returns the realized PnL.
    /// </summary>
    public static Usd ApplyFill(Account account, int marketId, Size delta, Usd cash)
    {
        if (delta.IsZero) return Usd.Zero;
        var pos = account.PositionIn(marketId);
        var (size, openNotional, realized) = Fill(pos?.Size ?? Size.Zero, pos?.OpenNotional ?? Usd.Zero, delta, cash);
        account.Collateral += realized;
        if (size.IsZero)
        {
            if (pos is not null) account.RemovePosition(marketId);
            return realized;
        }
        if (pos is null) account.AddPosition(pos = new Position(marketId));
        pos.Size = size;
        pos.OpenNotional = openNotional;
        return realized;
    }

    /// <summary>
    /// The position a fill of signed <paramref name="delta"/> for <paramref name="cash"/> (≥ 0) leaves from one of
    /// <paramref name="size"/> at cost basis <paramref name="openNotional"/>, and the PnL it realizes (1e-6 USD), without
    /// changing anything: <see cref="ApplyFill"/> applies exactly this, and a trade's margin check reads it.
    /// </summary>
    /// <exception cref="InvalidOperationException">a closed position kept a cost basis (cannot happen; a bug).</exception>
    public static (Size Size, Usd OpenNotional, Usd Realized) Fill(Size size, Usd openNotional, Size delta, Usd cash)
    {
        var sign = delta.Sign;
        var old = size.Units;
        if (delta.IsZero) return (size, openNotional, Usd.Zero);
        if (old == 0 || Math.Sign(old) == sign) return (size + delta, openNotional + (sign > 0 ? cash : -cash), Usd.Zero);
        var deltaAbs = Math.Abs(delta.Units);
        var closeUnits = Math.Min(deltaAbs, Math.Abs(old));
        var cashClose = closeUnits == deltaAbs ? cash : new Usd(FixedMath.MulDiv(cash.Micros, closeUnits, deltaAbs, Rounding.Floor));
        var cashOpen = cash - cashClose;
        // Rounding the closed cost basis up realizes the smaller PnL now; the remainder stays in the basis, so nothing is lost.
        var closedCost = new Usd(FixedMath.MulDiv(openNotional.Micros, closeUnits, Math.Abs(old), Rounding.Ceiling));
        openNotional -= closedCost;
        var realized = (sign > 0 ? -cashClose : cashClose) - closedCost;
        size += new Size(sign * closeUnits);
        var openUnits = deltaAbs - closeUnits;
        if (openUnits > 0)
        {
            openNotional += sign > 0 ? cashOpen : -cashOpen;
            size += new Size(sign * openUnits);
        }
        // Closing the whole size closes the whole basis (MulDiv(x, n, n) is exact).
        if (size.IsZero && openNotional.Micros != 0)
            throw new InvalidOperationException($"position closed with residual cost basis {openNotional}");
        return (size, openNotional, realized);
    }

    /// <summary>Unrealized PnL of <paramref name="size"/> at cost basis <paramref name="openNotional"/> at <paramref name="mark"/>: size × mark − basis, rounded down (against the holder).</summary>
    public static Usd UnrealizedPnL(Size size, Usd openNotional, Price mark) => Notional.Value(size, mark, Rounding.Floor) - openNotional;

    /// <summary>The divisor from size × funding index (1e-8 × 1e-17 USD) to micro-dollars: 1e19.</summary>
    public static readonly Int128 FundingDivisor = (Int128)Notional.Divisor * 1_000_000_000;

    /// <summary>
    /// Funding owed by a position of signed <paramref name="size"/> between funding indices <paramref name="from"/> and
    /// <paramref name="to"/> (<see cref="Markets.FundingState.CumulativeIndex"/>): size × (to − from) / 1e19 micro-dollars,
    /// positive when the holder pays. Rounded up — payers pay the fraction of a micro-dollar, receivers forgo it — so the
    /// protocol never pays out more than it collects. Exact for any index difference (the quotient by 1e19 is split off
    /// before multiplying).
    /// </summary>
    /// <exception cref="OverflowException">the amount exceeds 64 bits (beyond any reachable balance).</exception>
    public static Usd FundingOwed(Size size, Int128 from, Int128 to)
    {
        if (size.IsZero || from == to) return Usd.Zero;
        var (q, r) = Int128.DivRem(checked(to - from), FundingDivisor);
        // size × (q·1e19 + r) / 1e19 = size·q + size·r / 1e19, and |size·r| < 2⁶³ · 1e19 fits 128 bits.
        var whole = checked((Int128)size.Units * q);
        var part = FixedMath.Div128((Int128)size.Units * r, FundingDivisor, Rounding.Ceiling);
        return new Usd(checked((long)(whole + part)));
    }

    /// <summary>True when the fill does not increase the absolute size and does not flip the side.</summary>
    public static bool IsReducing(Size current, Size delta)
        => !current.IsZero && current.Sign != delta.Sign && Math.Abs(delta.Units) <= Math.Abs(current.Units);
}

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
        if (!account.PositionList.TryGetValue(marketId, out var pos))
        {
            pos = new Position(marketId);
            account.PositionList.Add(marketId, pos);
        }
        var sign = delta.Sign;
        var old = pos.Size.Units;
        var realized = Usd.Zero;
        if (old == 0 || Math.Sign(old) == sign)
        {
            pos.OpenNotional += sign > 0 ? cash : -cash;
            pos.Size += delta;
        }
        else
        {
            var deltaAbs = Math.Abs(delta.Units);
            var closeUnits = Math.Min(deltaAbs, Math.Abs(old));
            var cashClose = closeUnits == deltaAbs ? cash : new Usd(FixedMath.MulDiv(cash.Micros, closeUnits, deltaAbs, Rounding.Floor));
            var cashOpen = cash - cashClose;
            // Rounding the closed cost basis up realizes the smaller PnL now; the remainder stays in the basis, so nothing is lost.
            var closedCost = new Usd(FixedMath.MulDiv(pos.OpenNotional.Micros, closeUnits, Math.Abs(old), Rounding.Ceiling));
            pos.OpenNotional -= closedCost;
            realized = (sign > 0 ? -cashClose : cashClose) - closedCost;
            account.Collateral += realized;
            pos.Size += new Size(sign * closeUnits);
            var openUnits = deltaAbs - closeUnits;
            if (openUnits > 0)
            {
                pos.OpenNotional += sign > 0 ? cashOpen : -cashOpen;
                pos.Size += new Size(sign * openUnits);
            }
        }
        if (pos.Size.IsZero)
        {
            if (pos.OpenNotional.Micros != 0)
            {
                // Cannot happen: closing the whole size closes the whole basis (MulDiv(x, n, n) is exact).
                throw new InvalidOperationException($"position closed with residual cost basis {pos.OpenNotional}");
            }
            account.PositionList.Remove(marketId);
        }
        return realized;
    }

    /// <summary>True when the fill does not increase the absolute size and does not flip the side.</summary>
    public static bool IsReducing(Size current, Size delta)
        => !current.IsZero && current.Sign != delta.Sign && Math.Abs(delta.Units) <= Math.Abs(current.Units);
}

using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Margin;

/// <summary>
/// An account's margin at current marks. All amounts in 1e-6 USD, rounded against the account:
/// unrealized PnL down, notional and requirements up.
/// </summary>
/// <param name="Equity">Collateral + unrealized PnL at mark.</param>
/// <param name="InitialRequirement">Σ notional × effective IMF.</param>
/// <param name="MaintenanceRequirement">Σ notional × effective MMF.</param>
/// <param name="TotalNotional">Σ |size| × mark.</param>
public readonly record struct MarginSummary(Usd Equity, Usd InitialRequirement, Usd MaintenanceRequirement, Usd TotalNotional)
{
    /// <summary>Equity − initial requirement (negative when below IM).</summary>
    public Usd FreeCollateral => Equity - InitialRequirement;

    /// <summary>Equity ≥ initial requirement.</summary>
    public bool MeetsInitial => Equity >= InitialRequirement;

    /// <summary>Equity &lt; maintenance requirement: liquidatable (when holding a position).</summary>
    public bool BelowMaintenance => TotalNotional.Micros > 0 && Equity < MaintenanceRequirement;

    /// <summary>Equity / total notional in ppm (rounded down); <see cref="long.MaxValue"/> with no position.</summary>
    public long MarginFractionPpm => TotalNotional.Micros == 0 ? long.MaxValue : FixedMath.MulDiv(Equity.Micros, Fraction.Scale, TotalNotional.Micros, Rounding.Floor);
}

using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Markets;

/// <summary>
/// The graded response ladder of a market (levels 0–4 of the design's table) and the bounded
/// actions it takes. Levels rise at once and fall one step at a time after a cooldown.
/// </summary>
public sealed record LadderParams
{
    /// <summary>Whether the ladder acts at all. Off in the baseline policy.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Margin multiplier while at level 1 or above (raise IM/MM by a bounded factor). Default 1.25×.</summary>
    public Fraction ElevatedMarginMultiplier { get; init; } = new(1_250_000);

    /// <summary>Liquidated notional within <see cref="WindowSeconds"/> above this fraction of open-interest notional is a liquidation spike (level 2). Default 5 %.</summary>
    public Fraction LiquidationSpikeFraction { get; init; } = Fraction.FromPercent(5);

    /// <summary>An insurance-fund drop within the window above this fraction of its value at the window start is a drain (level 2). Default 10 %.</summary>
    public Fraction InsuranceDrainFraction { get; init; } = Fraction.FromPercent(10);

    /// <summary>Window for liquidation-spike and drain measurements (seconds). Default 300 s.</summary>
    public long WindowSeconds { get; init; } = 300;

    /// <summary>Time a level 1 must be clear before it lowers (seconds). Default 600 s.</summary>
    public long ElevatedCooldownSeconds { get; init; } = 600;

    /// <summary>
    /// How much of the open-interest cap each ladder level takes away: the cap in force is cap × max(0, 1 − level × cut)
    /// (level 1 → 75 %, level 2 → 50 % with the default 25 %). Only new risk is refused; reductions always pass.
    /// </summary>
    public Fraction OpenInterestCapCutPerLevel { get; init; } = Fraction.FromPercent(25);

    /// <summary>Notional liquidated per market per window at most (the liquidation throttle); 0 = unlimited. Default 0.</summary>
    public Usd LiquidationThrottlePerWindow { get; init; } = Usd.Zero;

    /// <summary>Returns the first problem or null.</summary>
    public string? Validate()
    {
        if (ElevatedMarginMultiplier < Fraction.One || ElevatedMarginMultiplier.Ppm > 5 * Fraction.Scale) return "elevated margin multiplier must be in [1, 5]";
        if (WindowSeconds <= 0 || ElevatedCooldownSeconds < 0) return "ladder windows must be positive";
        if (LiquidationSpikeFraction.Ppm <= 0 || InsuranceDrainFraction.Ppm <= 0) return "ladder thresholds must be positive";
        if (LiquidationThrottlePerWindow.Micros < 0) return "liquidation throttle must be ≥ 0";
        if (OpenInterestCapCutPerLevel.Ppm is < 0 or > Fraction.Scale) return "open-interest cap cut must be in [0, 1]";
        return null;
    }
}

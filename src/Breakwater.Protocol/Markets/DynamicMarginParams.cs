using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Markets;

/// <summary>
/// Margin fractions scaled by realized volatility: an EWMA of squared index returns sampled every
/// <see cref="SampleSeconds"/> (RiskMetrics-style, λ = 0.94), giving a multiplier
/// vol / <see cref="BaselineVolatility"/> clamped to [1, <see cref="MaxMultiplier"/>] that moves at most
/// <see cref="MaxStepPerSample"/> per sample (bounded like Aave's Risk Stewards).
/// </summary>
public sealed record DynamicMarginParams
{
    /// <summary>Whether margin scales with volatility. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Whether the maintenance margin fraction scales with the multiplier as well as the initial one. Default true.
    /// Scaling MMF forces liquidations of existing positions as volatility rises (earlier, before bankruptcy); scaling
    /// IMF only makes new risk dearer and leaves existing positions alone. The lab compares both.
    /// </summary>
    public bool ScaleMaintenance { get; init; } = true;

    /// <summary>Seconds between return samples. Default 60 s.</summary>
    public long SampleSeconds { get; init; } = 60;

    /// <summary>EWMA decay λ per sample, ppm. Default 0.94 (J.P. Morgan RiskMetrics, 1996).</summary>
    public Fraction Lambda { get; init; } = new(940_000);

    /// <summary>Per-sample volatility regarded as normal, ppm of price. Default 0.5 % per minute (≈ 19 % per day).</summary>
    public Fraction BaselineVolatility { get; init; } = new(5_000);

    /// <summary>Largest multiplier. Default 3×.</summary>
    public Fraction MaxMultiplier { get; init; } = new(3_000_000);

    /// <summary>Largest change of the multiplier per sample. Default 0.25×.</summary>
    public Fraction MaxStepPerSample { get; init; } = new(250_000);

    /// <summary>Returns the first problem or null.</summary>
    public string? Validate()
    {
        if (SampleSeconds <= 0) return "dynamic-margin sample interval must be positive";
        if (Lambda.Ppm is < 0 or >= Fraction.Scale) return "dynamic-margin lambda must be in [0, 1)";
        if (BaselineVolatility.Ppm <= 0) return "dynamic-margin baseline volatility must be positive";
        if (MaxMultiplier < Fraction.One || MaxMultiplier.Ppm > 20 * Fraction.Scale) return "dynamic-margin max multiplier must be in [1, 20]";
        if (MaxStepPerSample.Ppm <= 0) return "dynamic-margin step must be positive";
        return null;
    }
}

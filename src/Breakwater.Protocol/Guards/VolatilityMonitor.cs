using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Guards;

/// <summary>
/// Realized volatility of the index in fixed point and the margin multiplier it implies.
/// Every <see cref="DynamicMarginParams.SampleSeconds"/> a return r (ppm) is sampled and the variance
/// EWMA updated: v ← λ·v + (1 − λ)·r² (ppm², RiskMetrics 1996). The target multiplier is
/// √v / baseline, clamped to [1, max]; the applied multiplier moves toward it by at most one step per
/// sample, so no automatic change is larger or faster than the bound.
/// </summary>
public sealed class VolatilityMonitor
{
    /// <summary>Whether a first sample has been taken.</summary>
    public bool Started { get; private set; }

    /// <summary>Time of the last sample (unix seconds).</summary>
    public long LastSampleTime { get; private set; }

    /// <summary>Index at the last sample, 1e-8 USD.</summary>
    public long LastSampleUnits { get; private set; }

    /// <summary>EWMA variance of per-sample returns, ppm².</summary>
    public long VariancePpm2 { get; private set; }

    /// <summary>Current volatility multiplier, ppm (1_000_000 = 1×).</summary>
    public long MultiplierPpm { get; private set; } = Fraction.Scale;

    /// <summary>Per-sample volatility √v, ppm.</summary>
    public long VolatilityPpm => FixedMath.ISqrt(VariancePpm2);

    /// <summary>
    /// Feeds a confirmed index, 1e-8 USD; returns true when the multiplier changed. The variance is tracked whether or not
    /// dynamic margin is enabled (the price confirmation reads it); only the multiplier depends on
    /// <see cref="DynamicMarginParams.Enabled"/>. A return over a gap longer than one sample is scaled to one sample
    /// (r² · sample / Δt), so a feed that reports once an hour or once a day yields a per-sample volatility comparable
    /// to a minute feed's.
    /// </summary>
    public bool Observe(long indexUnits, long now, DynamicMarginParams p)
    {
        if (!Sample(indexUnits, now, p) || !p.Enabled) return false;
        var target = FixedMath.Clamp(FixedMath.MulDiv(VolatilityPpm, Fraction.Scale, p.BaselineVolatility.Ppm, Rounding.Ceiling), Fraction.Scale, p.MaxMultiplier.Ppm);
        var next = FixedMath.Clamp(target, MultiplierPpm - p.MaxStepPerSample.Ppm, MultiplierPpm + p.MaxStepPerSample.Ppm);
        if (next == MultiplierPpm) return false;
        MultiplierPpm = next;
        return true;
    }

    /// <summary>
    /// Updates the variance only (the multiplier stays 1×): for an estimate that feeds the bands, not margin. Returns
    /// true when a sample was taken (at most one per <see cref="DynamicMarginParams.SampleSeconds"/>).
    /// </summary>
    public bool Sample(long units, long now, DynamicMarginParams p)
    {
        if (!Started)
        {
            Started = true;
            LastSampleTime = now;
            LastSampleUnits = units;
            return false;
        }
        var dt = now - LastSampleTime;
        if (dt < p.SampleSeconds) return false;
        var r = FixedMath.Clamp(FixedMath.MulDiv(units - LastSampleUnits, Fraction.Scale, LastSampleUnits, Rounding.Floor), -Fraction.Scale, 10 * Fraction.Scale);
        var rSquared = (Int128)r * r * p.SampleSeconds / dt;
        VariancePpm2 = checked((long)(((Int128)p.Lambda.Ppm * VariancePpm2 + (Fraction.Scale - p.Lambda.Ppm) * rSquared) / Fraction.Scale));
        LastSampleTime = now;
        LastSampleUnits = units;
        return true;
    }

    /// <summary>
    /// The move, ppm, that <paramref name="sigmas"/> standard deviations of this market's per-sample volatility
    /// reach over <paramref name="horizonSeconds"/> (random-walk scaling: σ · √(h / sample)), rounded down; 0 before
    /// any sample. The horizon is capped at 30 days.
    /// </summary>
    public long BandPpm(int sigmas, long horizonSeconds, long sampleSeconds)
    {
        if (sigmas <= 0 || VariancePpm2 == 0) return 0;
        var h = Math.Clamp(horizonSeconds, sampleSeconds, 30 * 86_400);
        var rootPpm = FixedMath.ISqrt((Int128)h * Fraction.Scale * Fraction.Scale / sampleSeconds);
        var band = (Int128)sigmas * VolatilityPpm * rootPpm / Fraction.Scale;
        return band > 100L * Fraction.Scale ? 100L * Fraction.Scale : (long)band;
    }

    internal VolatilityMonitor Clone() => (VolatilityMonitor)MemberwiseClone();

    internal void Write(Hashing.CanonicalWriter w) => w.Bool(Started).I64(LastSampleTime).I64(LastSampleUnits).I64(VariancePpm2).I64(MultiplierPpm);

    internal void Restore(Hashing.CanonicalReader r)
    {
        Started = r.Bool(); LastSampleTime = r.I64(); LastSampleUnits = r.I64(); VariancePpm2 = r.I64(); MultiplierPpm = r.I64();
    }
}

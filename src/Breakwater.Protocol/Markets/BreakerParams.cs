using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Markets;

/// <summary>
/// Limit-up/limit-down price band (modelled on US LULD: a band around the 5-minute average,
/// a 15 s limit state, then a 5-minute pause) and the staged recovery cooldowns.
/// </summary>
public sealed record BreakerParams
{
    /// <summary>Whether the price band is enforced at all. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Rolling window of the reference price (seconds). Default 300 s (LULD's 5-minute average).</summary>
    public long ReferenceWindowSeconds { get; init; } = 300;

    /// <summary>Half-width of the band around the reference. Default 10 % (LULD's wider tier; crypto is more volatile than equities).</summary>
    public Fraction Band { get; init; } = Fraction.FromPercent(10);

    /// <summary>
    /// Multiple of the market's own volatility over the reference window that widens the band: the band in force is
    /// max(<see cref="Band"/>, this × σ × √(window / sample)), so an asset that really moves fast is followed instead of
    /// halted again and again. Default 8, as the oracle's too-volatile band: on the congested LUNA week it cuts halts from
    /// 83 (15 h 29 m) to 9 (1 h 14 m) with the same bad debt (<c>breakwater replay luna-2022-congested</c> with a policy
    /// file setting <c>breaker.volatilitySigmas</c> to 0). 0 = a fixed band, as LULD.
    /// </summary>
    public int VolatilitySigmas { get; init; } = 8;

    /// <summary>How long the index may stay outside the band before the market halts (seconds). Default 30 s (LULD 15 s; our minute data reports every 15 s).</summary>
    public long LimitStateSeconds { get; init; } = 30;

    /// <summary>Minimum halt before stepping down to reduce-only (seconds). Default 300 s (LULD's 5-minute pause).</summary>
    public long HaltCooldownSeconds { get; init; } = 300;

    /// <summary>Minimum reduce-only period before trading resumes (seconds). Default 300 s.</summary>
    public long ReduceOnlyCooldownSeconds { get; init; } = 300;

    /// <summary>Returns the first problem or null.</summary>
    public string? Validate()
    {
        if (ReferenceWindowSeconds <= 0 || LimitStateSeconds < 0 || HaltCooldownSeconds < 0 || ReduceOnlyCooldownSeconds < 0) return "breaker windows must be positive";
        if (Band.Ppm is <= 0 or >= Fraction.Scale) return "breaker band must be in (0, 1)";
        if (VolatilitySigmas is < 0 or > 1_000) return "breaker volatility sigmas must be 0..1000";
        return null;
    }
}

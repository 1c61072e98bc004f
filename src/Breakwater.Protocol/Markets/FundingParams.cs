using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Markets;

/// <summary>
/// Funding: every <see cref="IntervalSeconds"/> longs pay shorts (or shorts pay longs) the funding rate times their
/// position's notional at the mark price. The rate follows BitMEX's perpetual formula as Hyperliquid applies it hourly
/// (hyperliquid.gitbook.io, "Funding"; BitMEX, "Perpetual Contracts Guide"): the 8-hour rate is
/// F = P + clamp(I − P, −c, +c), where P is the time-weighted average premium (mark − index) / index over the interval
/// and I the interest rate; the paid rate is F scaled to the interval's length (F × interval / 8 h), capped at
/// ±<see cref="CapPerHour"/> per hour. Settled only at a Valid oracle (a premium sampled from a contested or stale
/// index would let a manipulated price move money); a settlement that falls due on another grade waits for the next
/// Valid report, and premium is sampled only while the grade is Valid.
/// </summary>
public sealed record FundingParams
{
    /// <summary>Seconds between funding settlements; 0 turns funding off. Default 3,600 (Hyperliquid and dYdX v4 settle hourly).</summary>
    public long IntervalSeconds { get; init; } = 3_600;

    /// <summary>Interest rate I per 8 hours, 1e-6. Default 0.01 % (BitMEX and Hyperliquid).</summary>
    public Fraction InterestRate8h { get; init; } = new(100);

    /// <summary>Clamp c on I − P per 8 hours, 1e-6. Default 0.05 % (BitMEX and Hyperliquid).</summary>
    public Fraction PremiumClamp8h { get; init; } = new(500);

    /// <summary>Largest rate per hour either way, 1e-6. Default 4 % (Hyperliquid's cap).</summary>
    public Fraction CapPerHour { get; init; } = Fraction.FromPercent(4);

    /// <summary>Whether funding is settled at all.</summary>
    public bool Enabled => IntervalSeconds > 0;

    /// <summary>Start of the interval holding <paramref name="now"/>: intervals are aligned to the clock (hourly ones start on the hour). Funding must be enabled.</summary>
    public long IntervalStartAt(long now) => now - now % IntervalSeconds;

    /// <summary>The first problem, or null.</summary>
    public string? Validate()
    {
        if (IntervalSeconds < 0 || IntervalSeconds > 7 * 86_400) return "funding interval must be 0 (off) or up to 7 days";
        if (Math.Abs(InterestRate8h.Ppm) > 10_000) return "funding interest rate must be within ±1 % per 8 h";
        if (PremiumClamp8h.Ppm is < 0 or > 100_000) return "funding premium clamp must be in [0, 10 %] per 8 h";
        if (CapPerHour.Ppm is <= 0 or > 100_000) return "funding cap must be in (0, 10 %] per hour";
        return null;
    }
}

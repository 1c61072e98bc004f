using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Markets;

/// <summary>
/// Oracle aggregation and validity rules of a market. A zero threshold switches that check off
/// (the baseline policy grades staleness only).
/// </summary>
public sealed record OracleParams
{
    /// <summary>Number of independent sources (ids 0..N−1). Default 1.</summary>
    public int SourceCount { get; init; } = 1;

    /// <summary>Minimum sources left after outlier rejection for a valid index. Default 1.</summary>
    public int Quorum { get; init; } = 1;

    /// <summary>A report older than this (seconds) is stale. Default 120 s (Drift treats ~60 s as stale for margin; GMX allows 300 s; one-minute bars need two bars of slack).</summary>
    public long MaxReportAgeSeconds { get; init; } = 120;

    /// <summary>A source further than this from the median of the other fresh sources is rejected as an outlier. Default 5 %; 0 = off.</summary>
    public Fraction OutlierBand { get; init; } = Fraction.FromPercent(5);

    /// <summary>Accepted sources spread wider than this ((max − min) / index) grade the oracle Diverging. Default 2 % (Drift's confidence/price limit); 0 = off.</summary>
    public Fraction DivergenceBand { get; init; } = Fraction.FromPercent(2);

    /// <summary>
    /// Floor of the too-volatile band: an index further than the band from the reference (the rolling average of
    /// confirmed prices over <see cref="BreakerParams.ReferenceWindowSeconds"/>) is not taken as the mark until it is
    /// confirmed. The band in force is max(this floor, <see cref="VolatilityBandSigmas"/> × σ × √(h / sample)), σ the
    /// market's own per-sample volatility of held prices (confirmed prices that persisted for the confirmation window,
    /// see <see cref="Oracle.HeldPrice"/>) and h the horizon since the last confirmed price (see
    /// <see cref="Oracle.PriceConfirmation"/>). Default 5 %: a 10 % jump of a quiet asset is suspect, while a volatile
    /// asset's band widens with its own volatility. 0 = off (every aggregated index is confirmed at once).
    /// </summary>
    public Fraction TooVolatileBand { get; init; } = Fraction.FromPercent(5);

    /// <summary>
    /// Multiple of the market's own volatility over the horizon that a move may reach and still be confirmed at once.
    /// Default 8 (crypto minute returns are fat-tailed: 8σ is far beyond normal trading, well inside a real crash
    /// once volatility has risen). 0 = the floor alone.
    /// </summary>
    public int VolatilityBandSigmas { get; init; } = 8;

    /// <summary>
    /// How long (seconds) a move beyond the too-volatile band must persist, report after report in the same direction,
    /// before it becomes the mark when too few sources carry it. Default 600 s: twice the 5-minute LULD reference, so a
    /// 5-minute spike on one source never moves the mark, while a real crash is followed within ten minutes (Maker's OSM
    /// delays every price one hour, which suits governance reaction, not a perp's liquidations). 0 = no confirmation.
    /// </summary>
    public long ConfirmationSeconds { get; init; } = 600;

    /// <summary>
    /// Accepted, agreeing sources (within the divergence band of each other) that carry a move beyond the band at once,
    /// without waiting for <see cref="ConfirmationSeconds"/>: independent venues moving together are what an attacker
    /// cannot cheaply fake. Default 2; a one-source market always waits.
    /// </summary>
    public int ConfirmationQuorum { get; init; } = 2;

    /// <summary>
    /// Largest move of the mark price toward the index per oracle update, as a fraction of the previous
    /// mark; 0 = the mark equals the index. Default 0.
    /// </summary>
    public Fraction MarkMaxStep { get; init; } = Fraction.Zero;

    /// <summary>Returns the first problem or null.</summary>
    public string? Validate()
    {
        if (SourceCount is < 1 or > 64) return "oracle source count must be 1..64";
        if (Quorum < 1 || Quorum > SourceCount) return "oracle quorum must be 1..source count";
        if (MaxReportAgeSeconds <= 0) return "oracle max report age must be positive";
        if (OutlierBand.Ppm < 0 || DivergenceBand.Ppm < 0 || TooVolatileBand.Ppm < 0 || MarkMaxStep.Ppm < 0) return "oracle bands must be ≥ 0";
        if (VolatilityBandSigmas is < 0 or > 1_000) return "oracle volatility band sigmas must be 0..1000";
        if (ConfirmationSeconds is < 0 or > 30 * 86_400) return "oracle confirmation window must be 0..30 days";
        if (ConfirmationQuorum < 1) return "oracle confirmation quorum must be ≥ 1";
        return null;
    }
}

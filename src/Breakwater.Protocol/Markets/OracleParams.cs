using Breakwater.Protocol.Hashing;
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
    /// An index further than this from its rolling average over <see cref="BreakerParams.ReferenceWindowSeconds"/>
    /// grades the oracle TooVolatile. Default 25 %; 0 = off. (Drift uses a ratio of 5× against its TWAP; a perp
    /// halting on a 30 % single-source spike needs a tighter bound.)
    /// </summary>
    public Fraction TooVolatileBand { get; init; } = Fraction.FromPercent(25);

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
        return null;
    }

    /// <summary>Writes the canonical encoding.</summary>
    public void Write(CanonicalWriter w) => w.I32(SourceCount).I32(Quorum).I64(MaxReportAgeSeconds)
        .I64(OutlierBand.Ppm).I64(DivergenceBand.Ppm).I64(TooVolatileBand.Ppm).I64(MarkMaxStep.Ppm);

    /// <summary>Reads the canonical encoding.</summary>
    public static OracleParams Read(CanonicalReader r) => new()
    {
        SourceCount = r.I32(), Quorum = r.I32(), MaxReportAgeSeconds = r.I64(),
        OutlierBand = new(r.I64()), DivergenceBand = new(r.I64()), TooVolatileBand = new(r.I64()), MarkMaxStep = new(r.I64()),
    };
}

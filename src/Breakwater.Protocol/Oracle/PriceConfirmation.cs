using Breakwater.Protocol.Markets;

namespace Breakwater.Protocol.Oracle;

/// <summary>
/// The bands a new index is judged against before it may become the mark, and the source to blame when it may not.
/// </summary>
/// <remarks>
/// Rule (applied by the oracle handler on every report): an aggregated index within the too-volatile band of the
/// reference (the rolling average of confirmed prices) is confirmed at once. A move beyond the band is confirmed only
/// when <see cref="OracleParams.ConfirmationQuorum"/> agreeing sources carry it, or when it has persisted in the same
/// direction, report after report, for <see cref="OracleParams.ConfirmationSeconds"/>; until then the grade is
/// TooVolatile on every report and the mark stays at the last confirmed price. Cost of attack: to move the mark, an
/// attacker must hold the price for the whole window, or move a quorum of independent venues at once. A confirmed jump
/// re-anchors the reference, so a real crash is followed once, not re-judged on every later report.
/// </remarks>
public static class PriceConfirmation
{
    /// <summary>
    /// The too-volatile band in force at <paramref name="now"/>, ppm: max(floor, k·σ·√(h / sample)) with h = time since
    /// the last confirmed price + half the reference window (the average lags the price by about half its window).
    /// 0 when the check is off.
    /// </summary>
    public static long TooVolatileBandPpm(Market m, long now)
    {
        var o = m.Params.Oracle;
        if (o.TooVolatileBand.Ppm == 0) return 0;
        var horizon = checked(now - m.LastConfirmedTime + m.Params.Oracle.ConfirmationSeconds);
        var vol = m.BandVolatility.BandPpm(o.VolatilityBandSigmas, horizon, m.Params.DynamicMargin.SampleSeconds);
        return Math.Max(o.TooVolatileBand.Ppm, vol);
    }

    /// <summary>The price band in force, ppm: max(band, k·σ·√(window / sample)) (see <see cref="BreakerParams.VolatilitySigmas"/>).</summary>
    public static long PriceBandPpm(Market m)
    {
        var b = m.Params.Breaker;
        var vol = m.BandVolatility.BandPpm(b.VolatilitySigmas, b.ReferenceWindowSeconds, m.Params.DynamicMargin.SampleSeconds);
        return Math.Max(b.Band.Ppm, vol);
    }

    /// <summary>
    /// The fresh source that moved furthest from its own report at the last confirmed price (ties: the lower id), or −1
    /// when no source is fresh. This names the source that jumped, not the ones that held.
    /// </summary>
    public static int SuspectSource(Market m, long now)
    {
        var suspect = -1;
        long worst = -1;
        for (var i = 0; i < m.Reports.Length; i++)
        {
            if (m.Reports[i] is not { } r || now - r.Time > m.Params.Oracle.MaxReportAgeSeconds) continue;
            var d = OracleAggregator.DeviationPpm(r.Units, m.Anchors[i]);
            if (d > worst) { worst = d; suspect = i; }
        }
        return suspect;
    }

    /// <summary>How far the source moved from its report at the last confirmed price, ppm.</summary>
    public static long SourceMovePpm(Market m, int source)
        => m.Reports[source] is { } r ? OracleAggregator.DeviationPpm(r.Units, m.Anchors[source]) : 0;
}

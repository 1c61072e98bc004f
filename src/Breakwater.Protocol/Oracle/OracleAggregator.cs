using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Oracle;

/// <summary>
/// Aggregates source reports into an index price and a validity grade:
/// fresh reports only (age ≤ max age); a source further than the outlier band from the median of all fresh
/// sources is rejected (the median of all, not of the others: with three sources, the others' median of a good
/// source is dragged halfway to the outlier, which would reject the good sources too); the index is the median of the rest (mean of the middle two, floored,
/// for an even count). Grades, worst first: Stale (nothing fresh), InsufficientSources (accepted &lt;
/// quorum), TooVolatile (index beyond the band around its rolling average), Diverging (accepted spread
/// beyond the divergence band), else Valid.
/// </summary>
public static class OracleAggregator
{
    /// <summary>Aggregates the reports at time <paramref name="now"/>.</summary>
    /// <param name="reports">Latest report per source id (null = never reported).</param>
    /// <param name="p">The market's oracle parameters.</param>
    /// <param name="now">Current time, unix seconds.</param>
    /// <param name="referenceUnits">Rolling average index, 1e-8 USD; 0 when there is none yet.</param>
    public static OracleReading Aggregate(IReadOnlyList<SourceReport?> reports, OracleParams p, long now, long referenceUnits)
        => Aggregate(reports, p, now, referenceUnits, p.TooVolatileBand.Ppm);

    /// <summary>Aggregates the reports with the too-volatile band in force given explicitly (ppm; 0 = off).</summary>
    /// <param name="reports">Latest report per source id (null = never reported).</param>
    /// <param name="p">The market's oracle parameters.</param>
    /// <param name="now">Current time, unix seconds.</param>
    /// <param name="referenceUnits">Reference price, 1e-8 USD; 0 when there is none yet.</param>
    /// <param name="tooVolatileBandPpm">Largest move from the reference graded other than TooVolatile, ppm.</param>
    public static OracleReading Aggregate(IReadOnlyList<SourceReport?> reports, OracleParams p, long now, long referenceUnits, long tooVolatileBandPpm)
    {
        Span<long> fresh = stackalloc long[reports.Count];
        Span<int> freshIds = stackalloc int[reports.Count];
        var n = 0;
        for (var i = 0; i < reports.Count; i++)
        {
            if (reports[i] is { } r && now - r.Time <= p.MaxReportAgeSeconds)
            {
                fresh[n] = r.Units;
                freshIds[n] = i;
                n++;
            }
        }
        if (n == 0) return new OracleReading(OracleValidity.Stale, 0, 0, 0, 0, 0, 0);

        Span<long> accepted = stackalloc long[n];
        var a = 0;
        ulong rejected = 0;
        Span<long> sorted = stackalloc long[n];
        fresh[..n].CopyTo(sorted);
        var center = Median(sorted[..n]);
        for (var i = 0; i < n; i++)
        {
            if (p.OutlierBand.Ppm > 0 && n > 1 && DeviationPpm(fresh[i], center) > p.OutlierBand.Ppm)
            {
                rejected |= 1UL << freshIds[i];
                continue;
            }
            accepted[a++] = fresh[i];
        }
        if (a < p.Quorum || a == 0)
            return new OracleReading(OracleValidity.InsufficientSources, a == 0 ? 0 : Median(accepted[..a]), n, a, rejected, 0, 0);

        var acc = accepted[..a];
        var index = Median(acc);
        long min = long.MaxValue, max = long.MinValue;
        foreach (var v in acc) { min = Math.Min(min, v); max = Math.Max(max, v); }
        var spread = FixedMath.MulDiv(max - min, Fraction.Scale, index, Rounding.Ceiling);
        var move = referenceUnits > 0 ? DeviationPpm(index, referenceUnits) : 0;
        var grade = tooVolatileBandPpm > 0 && move > tooVolatileBandPpm ? OracleValidity.TooVolatile
            : p.DivergenceBand.Ppm > 0 && spread > p.DivergenceBand.Ppm ? OracleValidity.Diverging
            : OracleValidity.Valid;
        return new OracleReading(grade, index, n, a, rejected, spread, move);
    }

    /// <summary>|value − reference| / reference in ppm, rounded up.</summary>
    public static long DeviationPpm(long value, long reference)
        => FixedMath.MulDiv(Math.Abs(checked(value - reference)), Fraction.Scale, reference, Rounding.Ceiling);

    /// <summary>Median of the values (sorted in place); mean of the middle two, floored, for an even count.</summary>
    public static long Median(Span<long> values)
    {
        values.Sort();
        var m = values.Length / 2;
        return values.Length % 2 == 1 ? values[m] : (long)(((Int128)values[m - 1] + values[m]) / 2);
    }
}

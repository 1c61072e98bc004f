namespace Breakwater.Lab.Data;

/// <summary>
/// One oracle source of a market, as loaded: its reports in time order (bars walked into several reports)
/// and, for OHLCV data, the bars themselves (for traded volume).
/// </summary>
/// <param name="Label">e.g. "binance-spot LUNAUSDT".</param>
/// <param name="File">The file it came from.</param>
/// <param name="Reports">Reports in strictly increasing time.</param>
/// <param name="Bars">Bars (empty for Chainlink rounds).</param>
public sealed record SourceSeries(string Label, string File, IReadOnlyList<PricePoint> Reports, IReadOnlyList<Bar> Bars)
{
    /// <summary>
    /// Walks a bar into four reports a quarter-interval apart: open, the extreme nearer to the open, the
    /// other extreme, close (ties: high first). Minute bars thus give a report every 15 s.
    /// </summary>
    public static IEnumerable<PricePoint> Walk(Bar b)
    {
        var q = Math.Max(1, b.Interval / 4);
        var highFirst = b.High - b.Open <= b.Open - b.Low;
        yield return new PricePoint(b.Time, b.Open);
        yield return new PricePoint(b.Time + q, highFirst ? b.High : b.Low);
        yield return new PricePoint(b.Time + 2 * q, highFirst ? b.Low : b.High);
        yield return new PricePoint(b.Time + 3 * q, b.Close);
    }

    /// <summary>Builds a series from bars (walked into reports).</summary>
    public static SourceSeries FromBars(string label, string file, List<Bar> bars)
        => new(label, file, bars.SelectMany(Walk).ToList(), bars);
}

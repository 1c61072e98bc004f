using Breakwater.Lab.Scenarios;

namespace Breakwater.Lab.Data;

/// <summary>
/// Aggregates a source's bars into longer bars (minute bars into hourly bars, say), as a venue or an oracle that
/// publishes on a coarser clock would have shown the same market: open of the first bar, highest high, lowest low,
/// close of the last bar, summed traded value. Buckets are aligned to multiples of the new interval from the Unix
/// epoch (an hourly bar starts on the hour); a bucket holds whatever bars the data has in it, so a gap stays a gap.
/// </summary>
public static class BarResampler
{
    /// <summary>Resamples <paramref name="series"/> into bars of <paramref name="seconds"/> seconds.</summary>
    /// <param name="series">A source loaded from OHLCV data.</param>
    /// <param name="seconds">The new bar length, seconds; a positive multiple of the data's own bar length.</param>
    /// <exception cref="ScenarioException">the source has no bars (Chainlink rounds: use a push feed instead), or the length is not a multiple of its bar length.</exception>
    public static SourceSeries Resample(SourceSeries series, long seconds)
    {
        if (series.Bars.Count == 0)
            throw new ScenarioException($"{series.Label}: resampleSeconds needs bar data, and {series.File} holds oracle rounds (thin rounds with \"feed\" instead)");
        var interval = series.Bars[0].Interval;
        if (seconds <= 0 || seconds % interval != 0)
            throw new ScenarioException($"{series.Label}: resampleSeconds {seconds} is not a positive multiple of the data's {interval} s bars");
        var bars = new List<Bar>();
        foreach (var b in series.Bars)
        {
            var bucket = b.Time - Mod(b.Time, seconds);
            if (bars.Count > 0 && bars[^1].Time == bucket)
            {
                var a = bars[^1];
                bars[^1] = a with { High = Math.Max(a.High, b.High), Low = Math.Min(a.Low, b.Low), Close = b.Close, QuoteVolume = a.QuoteVolume + b.QuoteVolume };
            }
            else bars.Add(b with { Time = bucket, Interval = seconds });
        }
        return SourceSeries.FromBars($"{series.Label} ({seconds} s bars)", series.File, bars);
    }

    private static long Mod(long t, long m) => ((t % m) + m) % m;
}

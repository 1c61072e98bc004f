using Breakwater.Protocol.Events;
using Breakwater.Watch.Detectors;

namespace Breakwater.Watch;

/// <summary>
/// Labels a real crash by the move itself, not by a calendar day. The onset is the first oracle report (the market's
/// aggregated index) whose log-distance from the previous UTC day's close exceeds <c>k</c> daily sigmas, where the daily
/// sigma is the standard deviation of that previous day's hourly log returns times the square root of their count (the
/// day's realized volatility from hourly samples: the first report of each hour). Returns are sampled, not taken report
/// to report, because at 15-second reports the noise of the path (a bar walked through its high and low, venue
/// microstructure) dominates realized volatility — the realized-volatility literature samples sparsely for this reason
/// (Andersen, Bollerslev, Diebold and Labys 2001; Aït-Sahalia, Mykland and Zhang 2005) — and hourly sampling gives the same
/// sigma from minute bars, hourly bars or Chainlink rounds. Report to report, LUNA's 6 May sigma was 9.3 %; hourly it is
/// 4.4 %, which puts the collapse's onset at UST's first depeg on 7 May (21:47 UTC on minute bars, 21:30 on hourly) instead
/// of 9 May 23:21. The first day of a window only serves as the baseline. A depeg of the quote
/// currency moves one source against the others rather than the index: its onset is the first report that parts from
/// the index by more than a fraction (<see cref="FindDivergence"/>).
/// </summary>
public static class MoveOnset
{
    /// <summary>The onset (unix s) of the first move beyond <paramref name="sigmas"/> daily sigmas in <paramref name="market"/>, or null.</summary>
    /// <param name="events">The event stream.</param>
    /// <param name="market">Market id.</param>
    /// <param name="sigmas">k.</param>
    /// <param name="sampleSeconds">Spacing of the returns the daily sigma is computed from, seconds (0: every report). Default one hour.</param>
    public static long? Find(IEnumerable<(long Time, ProtocolEvent Event)> events, int market, double sigmas = 3, long sampleSeconds = 3_600)
    {
        long day = long.MinValue, sampled = long.MinValue;
        var today = new List<double>();
        double? close = null, sigma = null;
        foreach (var (t, e) in events)
        {
            if (e is not OracleUpdated o || o.Market != market || o.Index.Units <= 0) continue;
            var p = MarketBook.Dollars(o.Index);
            var d = t / 86_400;
            if (d != day)
            {
                // A new day: yesterday's close and realized volatility become the reference.
                if (today.Count >= 3)
                {
                    close = today[^1];
                    var returns = today.Zip(today.Skip(1), (a, b) => Math.Log(b / a)).ToList();
                    var mean = returns.Average();
                    sigma = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (returns.Count - 1) * returns.Count);
                }
                else if (d != day + 1) (close, sigma) = (null, null);
                day = d;
                today.Clear();
                sampled = long.MinValue;
            }
            if (sampled == long.MinValue || t - sampled >= sampleSeconds)
            {
                today.Add(p);
                sampled = t;
            }
            if (close is { } c && sigma is > 0 && Math.Abs(Math.Log(p / c)) > sigmas * sigma.Value) return t;
        }
        return null;
    }

    /// <summary>
    /// The onset of a depeg seen as sources parting: the first report of <paramref name="market"/> further than
    /// <paramref name="fraction"/> from the market's index (a real divergence, where the index itself barely moves).
    /// </summary>
    public static long? FindDivergence(IEnumerable<(long Time, ProtocolEvent Event)> events, int market, double fraction = 0.02)
    {
        foreach (var (t, e) in events)
            if (e is OracleUpdated o && o.Market == market && o.Index.Units > 0
                && Math.Abs(MarketBook.Dollars(o.Reported) / MarketBook.Dollars(o.Index) - 1) > fraction) return t;
        return null;
    }
}

using Breakwater.Protocol.Events;

namespace Breakwater.Watch.Detectors;

/// <summary>
/// Oracle source divergence (high, level 2: reduce-only while the oracle is in doubt). With three or more fresh sources a
/// source further than <see cref="Band"/> from the median of all sources' latest reports is divergent. With two there is no
/// median: the pair is divergent when they are further than <see cref="Band"/> apart, and the source that moved is the one
/// further from its own recent history (its median report over <see cref="HistoryReports"/> reports). Either way the
/// divergence must persist for <see cref="Persistence"/> consecutive reports of that source. A single source cannot
/// diverge from itself: see <see cref="VolatilitySpikeDetector"/>.
/// </summary>
public sealed class OracleDivergenceDetector : IDetector
{
    /// <summary>Relative distance from the median (or between two sources). Default 3 %.</summary>
    public double Band { get; init; } = 0.03;
    /// <summary>Consecutive divergent reports needed. Default 2.</summary>
    public int Persistence { get; init; } = 2;
    /// <summary>Reports older than this are ignored (seconds). Default 180.</summary>
    public long MaxAgeSeconds { get; init; } = 180;
    /// <summary>Reports of its own a source is judged against when only two sources report. Default 20.</summary>
    public int HistoryReports { get; init; } = 20;

    private readonly Dictionary<(int Market, int Source), (long T, double P, int Streak)> _last = new();
    private readonly Dictionary<(int Market, int Source), Queue<double>> _history = new();

    /// <inheritdoc />
    public string Name => "oracle-divergence";

    /// <inheritdoc />
    public IReadOnlyList<string> Classes => [IncidentClass.SourceDivergence];

    /// <inheritdoc />
    public IEnumerable<Finding> Observe(long time, ProtocolEvent e)
    {
        if (e is not OracleUpdated o) yield break;
        var key = (o.Market, o.Source);
        var p = MarketBook.Dollars(o.Reported);
        var others = _last.Where(kv => kv.Key.Market == o.Market && kv.Key.Source != o.Source && time - kv.Value.T <= MaxAgeSeconds).ToList();
        var streak = 0;
        double deviation = 0;
        var mover = o.Source;
        if (others.Count >= 2)
        {
            var fresh = others.Select(kv => kv.Value.P).Append(p).Order().ToList();
            var median = fresh.Count % 2 == 1 ? fresh[fresh.Count / 2] : (fresh[fresh.Count / 2 - 1] + fresh[fresh.Count / 2]) / 2;
            deviation = Math.Abs(p / median - 1);
        }
        else if (others.Count == 1)
        {
            var (otherKey, other) = (others[0].Key, others[0].Value);
            deviation = Math.Abs(p / other.P - 1);
            // Which one moved: the source further from its own recent median.
            if (deviation > Band && FromHistory(otherKey, other.P) > FromHistory(key, p)) mover = otherKey.Source;
        }
        if (others.Count >= 1)
        {
            streak = deviation > Band ? _last.GetValueOrDefault(key).Streak + 1 : 0;
            if (streak == Persistence)
                yield return new Finding(Name, "oracle-divergence", Severity.High, o.Market, time, deviation, Band, 2, $"oracle:{o.Market}:{mover}:{time / 3600}");
        }
        _last[key] = (time, p, streak);
        if (!_history.TryGetValue(key, out var h)) _history[key] = h = new Queue<double>();
        // Only agreeing reports become history, so a manipulated stretch does not become its own reference.
        if (streak == 0) { h.Enqueue(p); if (h.Count > HistoryReports) h.Dequeue(); }
    }

    private double FromHistory((int, int) key, double p)
    {
        if (!_history.TryGetValue(key, out var h) || h.Count == 0) return 0;
        var sorted = h.Order().ToList();
        return Math.Abs(p / sorted[sorted.Count / 2] - 1);
    }
}

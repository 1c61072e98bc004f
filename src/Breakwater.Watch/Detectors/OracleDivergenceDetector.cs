using Breakwater.Protocol.Events;

namespace Breakwater.Watch.Detectors;

/// <summary>
/// Oracle source divergence: the latest report of each source is compared with the median of all sources' latest
/// reports; a source further than <see cref="Band"/> for <see cref="Persistence"/> consecutive reports of its own is a
/// finding (level 2: reduce-only while the oracle is in doubt). A single source cannot diverge from itself: see
/// <see cref="VolatilitySpikeDetector"/> and the reference detector for that case.
/// </summary>
public sealed class OracleDivergenceDetector : IDetector
{
    /// <summary>Relative distance from the median. Default 3 %.</summary>
    public double Band { get; init; } = 0.03;
    /// <summary>Consecutive divergent reports needed. Default 2.</summary>
    public int Persistence { get; init; } = 2;
    /// <summary>Reports older than this are ignored (seconds). Default 180.</summary>
    public long MaxAgeSeconds { get; init; } = 180;

    private readonly Dictionary<(int Market, int Source), (long T, double P, int Streak)> _last = new();

    /// <inheritdoc />
    public string Name => "oracle-divergence";

    /// <inheritdoc />
    public IEnumerable<Finding> Observe(long time, ProtocolEvent e)
    {
        if (e is not OracleUpdated o) yield break;
        var key = (o.Market, o.Source);
        var p = MarketBook.Dollars(o.Reported);
        var fresh = _last.Where(kv => kv.Key.Market == o.Market && kv.Key.Source != o.Source && time - kv.Value.T <= MaxAgeSeconds).Select(kv => kv.Value.P).Append(p).Order().ToList();
        var streak = 0;
        if (fresh.Count >= 3)
        {
            var median = fresh.Count % 2 == 1 ? fresh[fresh.Count / 2] : (fresh[fresh.Count / 2 - 1] + fresh[fresh.Count / 2]) / 2;
            var deviation = Math.Abs(p / median - 1);
            streak = deviation > Band ? _last.GetValueOrDefault(key).Streak + 1 : 0;
            if (streak == Persistence)
                yield return new Finding(Name, "oracle-divergence", Severity.High, o.Market, time, deviation, Band, 2, $"oracle:{o.Market}:{o.Source}:{time / 3600}");
        }
        _last[key] = (time, p, streak);
    }
}

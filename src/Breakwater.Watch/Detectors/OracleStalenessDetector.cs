using Breakwater.Protocol.Events;

namespace Breakwater.Watch.Detectors;

/// <summary>
/// Oracle staleness: a source whose next report comes more than <see cref="MaxGapSeconds"/> after its previous one
/// went silent (an outage, or a feed that stopped updating) — high, level 2. It fires when the source returns
/// (or when another source's report shows the gap), so its latency is at least the gap.
/// </summary>
public sealed class OracleStalenessDetector : IDetector
{
    /// <summary>Largest normal gap between reports of one source (seconds). Default 300.</summary>
    public long MaxGapSeconds { get; init; } = 300;

    private readonly Dictionary<(int Market, int Source), long> _last = new();
    private readonly HashSet<(int Market, int Source, long Since)> _reported = new();

    /// <inheritdoc />
    public string Name => "oracle-staleness";

    /// <inheritdoc />
    public IEnumerable<Finding> Observe(long time, ProtocolEvent e)
    {
        if (e is not OracleUpdated o) yield break;
        // Every source of this market, the reporting one included (its own previous report shows its gap).
        foreach (var ((market, source), last) in _last)
        {
            if (market != o.Market || time - last <= MaxGapSeconds || !_reported.Add((market, source, last))) continue;
            yield return new Finding(Name, "oracle-stale", Severity.High, market, time, time - last, MaxGapSeconds, 2, $"stale:{market}:{source}:{last}");
        }
        _last[(o.Market, o.Source)] = time;
    }
}

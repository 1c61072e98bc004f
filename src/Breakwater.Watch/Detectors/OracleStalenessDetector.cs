using Breakwater.Protocol.Events;

namespace Breakwater.Watch.Detectors;

/// <summary>
/// Oracle staleness: a source whose next report comes later than its allowed gap after its previous one went silent
/// (an outage, or a feed that stopped updating) — high, level 2. The allowed gap is the larger of
/// <see cref="MaxGapSeconds"/> and <see cref="GapMultiple"/> × the source's own typical gap (an EWMA of its past
/// gaps, λ = 0.9), so a venue that only prints when it trades (Kraken's minute file) is judged against its own rhythm.
/// It fires when the source returns (or when another source's report shows the gap), so its latency is at least the gap.
/// </summary>
public sealed class OracleStalenessDetector : IDetector
{
    /// <summary>Smallest gap that can count as silence (seconds). Default 300.</summary>
    public long MaxGapSeconds { get; init; } = 300;

    /// <summary>How many typical gaps make a silence. Default 10.</summary>
    public double GapMultiple { get; init; } = 10;

    private readonly Dictionary<(int Market, int Source), long> _last = new();
    private readonly Dictionary<(int Market, int Source), double> _typicalGap = new();
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
            if (market != o.Market) continue;
            var allowed = Math.Max(MaxGapSeconds, GapMultiple * _typicalGap.GetValueOrDefault((market, source)));
            if (time - last <= allowed || !_reported.Add((market, source, last))) continue;
            yield return new Finding(Name, "oracle-stale", Severity.High, market, time, time - last, allowed, 2, $"stale:{market}:{source}:{last}");
        }
        var key = (o.Market, o.Source);
        if (_last.TryGetValue(key, out var previous) && time > previous)
        {
            // Silences themselves are not learnt as normal: gaps beyond the current allowance are left out.
            var gap = time - previous;
            var typical = _typicalGap.GetValueOrDefault(key, gap);
            if (gap <= Math.Max(MaxGapSeconds, GapMultiple * typical)) _typicalGap[key] = 0.9 * typical + 0.1 * gap;
        }
        _last[key] = time;
    }
}

using Breakwater.Protocol.Events;
using Breakwater.Protocol.Oracle;

namespace Breakwater.Watch.Detectors;

/// <summary>
/// Oracle outage — high, level 2. Three signs, one finding per outage:
/// <list type="number">
/// <item>the protocol itself grades the market Stale (its ticks regrade a silent feed on time, so this is the earliest
/// sign, one maximum report age after the last report), or InsufficientSources for longer than
/// <see cref="InsufficientPersistSeconds"/>;</item>
/// <item>the whole market goes silent: no source reports for longer than each one's allowed gap;</item>
/// <item>a source with a regular rhythm stops: silent longer than <see cref="GapMultiple"/> × the 95th percentile of its own
/// past gaps (and at least <see cref="MaxGapSeconds"/>). A venue that prints only when it trades has a wide 95th
/// percentile, so its quiet hours are a data gap, not an outage.</item>
/// </list>
/// </summary>
public sealed class OracleStalenessDetector : IDetector
{
    /// <summary>Smallest gap that can count as silence (seconds). Default 300.</summary>
    public long MaxGapSeconds { get; init; } = 300;

    /// <summary>
    /// Smallest silence of one source, while others still report, that counts as its outage (seconds). Default 900: real
    /// venues skip five minutes now and then (Binance.US on 9–10 March 2023), and the other sources carry the price.
    /// </summary>
    public long SourceGapSeconds { get; init; } = 900;

    /// <summary>How many 95th-percentile gaps make a silence. Default 4.</summary>
    public double GapMultiple { get; init; } = 4;

    /// <summary>Gaps a source must have shown before its rhythm is trusted. Default 30.</summary>
    public int MinHistory { get; init; } = 30;

    private readonly Dictionary<(int Market, int Source), long> _last = new();
    private readonly Dictionary<(int Market, int Source), List<long>> _gaps = new();
    private readonly Dictionary<int, long> _outageSince = new();
    private readonly Dictionary<int, long> _insufficientSince = new();

    /// <summary>How long a market must stay short of fresh sources before that is an outage (seconds). Default 600.</summary>
    public long InsufficientPersistSeconds { get; init; } = 600;

    /// <inheritdoc />
    public string Name => "oracle-staleness";

    /// <inheritdoc />
    public IReadOnlyList<string> Classes => [IncidentClass.OracleOutage];

    private readonly Dictionary<(int, int), (long Added, long Allowed)> _allowed = new();
    private readonly Dictionary<(int, int), long> _added = new();

    /// <summary>A source's allowed gap, recomputed every 25 new gaps (the percentile moves slowly).</summary>
    private long Allowed((int, int) key)
    {
        if (!_gaps.TryGetValue(key, out var g) || g.Count < MinHistory) return long.MaxValue;
        var added = _added.GetValueOrDefault(key);
        if (_allowed.TryGetValue(key, out var a) && added - a.Added < 25) return a.Allowed;
        var sorted = g.Order().ToList();
        var allowed = Math.Max(MaxGapSeconds, (long)(GapMultiple * sorted[(int)(0.95 * (sorted.Count - 1))]));
        _allowed[key] = (added, allowed);
        return allowed;
    }

    /// <inheritdoc />
    public IEnumerable<Finding> Observe(long time, ProtocolEvent e)
    {
        if (e is OracleRegraded g)
        {
            // Stale: the whole feed is silent, an outage now. InsufficientSources: too few fresh sources, which a sparse venue
            // causes for a minute or two; an outage only once it has lasted InsufficientPersistSeconds.
            if (g.To == OracleValidity.Stale && Open(g.Market, time)) yield return Outage(g.Market, time, 0, 0);
            if (g.To == OracleValidity.InsufficientSources) _insufficientSince.TryAdd(g.Market, time);
            else _insufficientSince.Remove(g.Market);
            if (g.To == OracleValidity.Valid) _outageSince.Remove(g.Market);
            yield break;
        }
        if (e is not OracleUpdated o) yield break;
        if (_insufficientSince.TryGetValue(o.Market, out var short_) && time - short_ >= InsufficientPersistSeconds && Open(o.Market, short_))
            yield return Outage(o.Market, time, time - short_, InsufficientPersistSeconds);
        var key = (o.Market, o.Source);
        // This market's sources and when each last reported, read once per report.
        var sources = _last.Where(kv => kv.Key.Market == o.Market).ToList();
        var sourceGap = SourceGap(sources.Count);
        var marketLast = sources.Select(kv => kv.Value).DefaultIfEmpty(time).Max();
        var marketAllowed = sources.Select(kv => Allowed(kv.Key)).DefaultIfEmpty(long.MaxValue).Min();
        if (time - marketLast > marketAllowed && Open(o.Market, marketLast)) yield return Outage(o.Market, time, time - marketLast, marketAllowed);
        // Another source's report shows this market's silent sources while they are still silent.
        foreach (var (other, last) in sources)
        {
            if (other.Source == o.Source) continue;
            var allowedOther = Math.Max(sourceGap, Allowed(other));
            if (time - last > allowedOther && Open(o.Market, last)) yield return Outage(o.Market, time, time - last, allowedOther);
        }
        if (_last.TryGetValue(key, out var previous) && time > previous)
        {
            var gap = time - previous;
            var allowed = Allowed(key);
            var sourceAllowed = sources.Count > 1 ? Math.Max(sourceGap, allowed) : allowed;
            if (gap > sourceAllowed && Open(o.Market, previous)) yield return Outage(o.Market, time, gap, sourceAllowed);
            // Silences are not learnt as normal rhythm; the history is bounded to the last 1,000 gaps.
            if (gap <= allowed)
            {
                if (!_gaps.TryGetValue(key, out var list)) _gaps[key] = list = [];
                list.Add(gap);
                _added[key] = _added.GetValueOrDefault(key) + 1;
                if (list.Count > 1_000) list.RemoveAt(0);
            }
        }
        _last[key] = time;
        // A report after the market was graded back to Valid closes the outage; a lone source's return closes it too.
        if (_outageSince.TryGetValue(o.Market, out var since) && time - since > 2 * MaxGapSeconds && o.Validity == OracleValidity.Valid) _outageSince.Remove(o.Market);
    }

    /// <summary>
    /// The silence of one source that is an outage: <see cref="SourceGapSeconds"/> when it is one of two (the market is down
    /// to one source), four times that with three or more (two others still give a median).
    /// </summary>
    private long SourceGap(int sources) => sources >= 3 ? 4 * SourceGapSeconds : SourceGapSeconds;

    /// <summary>Starts an outage for the market unless one is open: one outage, one finding.</summary>
    private bool Open(int market, long since)
    {
        if (_outageSince.ContainsKey(market)) return false;
        _outageSince[market] = since;
        return true;
    }

    private Finding Outage(int market, long time, double gap, double allowed)
        => new(Name, "oracle-stale", Severity.High, market, time, gap, allowed, 2, $"stale:{market}:{_outageSince[market]}");
}

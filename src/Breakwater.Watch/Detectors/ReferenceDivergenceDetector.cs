using Breakwater.Protocol.Events;

namespace Breakwater.Watch.Detectors;

/// <summary>
/// Index against an external reference (e.g. Chainlink rounds the watcher reads itself): when the index is further
/// than <see cref="Band"/> from the latest reference value no older than <see cref="MaxAgeSeconds"/>, for
/// <see cref="Persistence"/> consecutive updates, it is a finding (level 2).
/// </summary>
/// <param name="market">Market the reference is for.</param>
/// <param name="reference">Reference series: (unix s, USD), ascending.</param>
public sealed class ReferenceDivergenceDetector(int market, IReadOnlyList<(long Time, double Price)> reference) : IDetector
{
    /// <summary>Relative distance. Default 5 %.</summary>
    public double Band { get; init; } = 0.05;
    /// <summary>Staleness of the reference (seconds). Default 3,900 (Chainlink's 1 h heartbeat plus slack).</summary>
    public long MaxAgeSeconds { get; init; } = 3_900;
    /// <summary>Consecutive divergent updates needed. Default 3.</summary>
    public int Persistence { get; init; } = 3;

    private int _cursor;
    private int _streak;

    /// <inheritdoc />
    public string Name => "reference";

    /// <inheritdoc />
    public IReadOnlyList<string> Classes => [IncidentClass.SourceDivergence, IncidentClass.PriceJump];

    /// <inheritdoc />
    public IEnumerable<Finding> Observe(long time, ProtocolEvent e)
    {
        if (e is not OracleUpdated o || o.Market != market || reference.Count == 0) yield break;
        while (_cursor + 1 < reference.Count && reference[_cursor + 1].Time <= time) _cursor++;
        var (t, r) = reference[_cursor];
        if (t > time || time - t > MaxAgeSeconds) { _streak = 0; yield break; }
        var deviation = Math.Abs(MarketBook.Dollars(o.Index) / r - 1);
        _streak = deviation > Band ? _streak + 1 : 0;
        if (_streak == Persistence)
            yield return new Finding(Name, "reference-divergence", Severity.High, market, time, deviation, Band, 2, $"reference:{market}:{time / 3600}");
    }
}

using System.Globalization;
using Breakwater.Lab.Reports;
using Breakwater.Protocol.Engine;

namespace Breakwater.Server;

/// <summary>
/// The node's incidents: the lab's <see cref="IncidentLog"/> folded incrementally from committed events, each step with
/// the sequence number and chain hash of the event it came from. Updated by the sequencer under the node's lock.
/// </summary>
public sealed class IncidentProjection
{
    private readonly IncidentLog _log;
    private ProtocolState? _state;

    /// <summary>An empty projection.</summary>
    public IncidentProjection()
        => _log = new IncidentLog(m => _state is not null && _state.Markets.TryGetValue(m, out var mk) ? mk.Symbol : m.ToString(CultureInfo.InvariantCulture));

    /// <summary>All incidents in order of opening (read under the node's lock).</summary>
    public IReadOnlyList<IncidentView> All => [.. _log.All.Select(i => new IncidentView(i.Id, i.Market, i.MarketId, i.Trigger, i.Level, i.OpenedAt, i.ClosedAt, i.ExpiresAt,
        [.. i.Timeline.Select(t => new IncidentStepView(t.Seq, t.Time, t.Hash, t.Text))], [.. i.Timeline.Select(t => t.Seq)], [.. i.AttestedBy]))];

    /// <summary>Folds newly committed events.</summary>
    public void Apply(IEnumerable<StoredEvent> events, ProtocolState s)
    {
        _state = s;
        foreach (var se in events) _log.Apply(se.Event, se.Time, se.Seq, se.Hash);
    }
}

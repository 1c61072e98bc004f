using Breakwater.Lab.Data;
using Breakwater.Protocol.Events;

namespace Breakwater.Lab.Reports;

/// <summary>
/// Incidents folded from the protocol's events: the one read model behind the lab's reports and the node's
/// <c>/v1/incidents</c>. For each incident: what opened it, the highest level it reached, its timeline (level changes
/// with their evidence and lapse time, status changes, oracle suspicions and confirmations, watcher attestations, level
/// floors, pauses), who attested, when it lapses and when it closed. A market has at most one open incident (the ladder
/// holds one), so events that name only a market go to that market's open incident.
/// </summary>
/// <param name="symbol">The symbol of a market id.</param>
public sealed class IncidentLog(Func<int, string> symbol)
{
    private readonly Dictionary<int, Incident> _open = new();
    private readonly List<Incident> _all = [];

    /// <summary>Every incident, in order of opening.</summary>
    public IReadOnlyList<Incident> All => _all;

    /// <summary>Folds one event, applied at <paramref name="time"/> (unix seconds), with its sequence number and chain hash (0 and "" when unknown).</summary>
    public void Apply(ProtocolEvent e, long time, long seq = 0, string hash = "")
    {
        switch (e)
        {
            case IncidentOpened o:
                var opened = new Incident(o.Incident, o.Market, symbol(o.Market), o.Trigger.ToString(), (int)o.Level, time);
                _open[o.Market] = opened;
                _all.Add(opened);
                opened.Add(seq, time, hash, $"opened: {o.Trigger}, level {(int)o.Level}");
                break;
            case LadderLevelChanged c when _open.TryGetValue(c.Market, out var i) && i.Id == c.Incident:
                i.Level = Math.Max(i.Level, (int)c.To);
                i.ExpiresAt = c.ExpiresAt;
                i.Add(seq, time, hash, $"level {(int)c.From}→{(int)c.To} ({c.Trigger}: {c.EvidenceValue} vs {c.EvidenceThreshold}; lapses {MarketDataReader.Iso(c.ExpiresAt)})");
                break;
            case MarketStatusChanged s when _open.TryGetValue(s.Market, out var i):
                i.Add(seq, time, hash, $"status {s.From}→{s.To}");
                break;
            case OracleSourceSuspected q when _open.TryGetValue(q.Market, out var i):
                i.Add(seq, time, hash, $"oracle {q.Validity}: source {q.Source} moved {q.MovePpm / 1e4:0.##} % from its own report at the last confirmed price");
                break;
            case PriceConfirmed pc when _open.TryGetValue(pc.Market, out var i):
                i.Add(seq, time, hash, $"price {pc.Price} confirmed ({pc.MovePpm / 1e4:0.##} % move, {(pc.PendingSeconds > 0 ? $"held {pc.PendingSeconds} s" : $"carried by {pc.Sources} sources")})");
                break;
            case AttestationRecorded a when _open.TryGetValue(a.Market, out var i):
                i.AttestedBy.Add(a.Signer.Hex);
                i.Add(seq, time, hash, $"attested by {a.Signer} ({a.Count}/{a.Threshold})");
                break;
            case LevelFloorRaised f when _open.TryGetValue(f.Market, out var i):
                i.Add(seq, time, hash, $"{f.Source} raised the level floor to {(int)f.Level} until {f.Until} ({f.Signers} signer(s))");
                break;
            case PauseApplied p when _open.TryGetValue(p.Market, out var i):
                i.Add(seq, time, hash, $"{p.Role} paused {p.Flags} until {p.Until} ({p.Signers} signer(s))");
                break;
            case IncidentClosed c when _open.TryGetValue(c.Market, out var i) && i.Id == c.Incident:
                _open.Remove(c.Market);
                i.ClosedAt = time;
                i.Add(seq, time, hash, "closed");
                break;
        }
    }
}

/// <summary>One incident (see <see cref="IncidentLog"/>).</summary>
/// <param name="Id">Incident id (the engine's).</param>
/// <param name="MarketId">Market id.</param>
/// <param name="Market">Market symbol.</param>
/// <param name="Trigger">What opened it.</param>
/// <param name="Level">Level when it opened; then the highest reached.</param>
/// <param name="OpenedAt">Unix seconds.</param>
public sealed record Incident(long Id, int MarketId, string Market, string Trigger, int Level, long OpenedAt)
{
    /// <summary>The highest level reached.</summary>
    public int Level { get; set; } = Level;

    /// <summary>When it closed (unix seconds), or null while open.</summary>
    public long? ClosedAt { get; set; }

    /// <summary>When the level in force lapses unless renewed (unix seconds), or null.</summary>
    public long? ExpiresAt { get; set; }

    /// <summary>Watchers whose attestations were counted, in order.</summary>
    public List<string> AttestedBy { get; } = [];

    /// <summary>What happened, in order.</summary>
    public List<IncidentStep> Timeline { get; } = [];

    internal void Add(long seq, long time, string hash, string text) => Timeline.Add(new IncidentStep(seq, time, hash, text));
}

/// <summary>One step of an incident's timeline.</summary>
/// <param name="Seq">Event sequence number (0 when unknown).</param>
/// <param name="Time">Unix seconds.</param>
/// <param name="Hash">The event's chain hash, hex ("" when unknown).</param>
/// <param name="Text">What happened.</param>
public sealed record IncidentStep(long Seq, long Time, string Hash, string Text);

using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Events;

namespace Breakwater.Server;

/// <summary>
/// Incidents as a read model, folded incrementally from committed events: trigger, evidence, levels, attestations,
/// governance actions, expiry, and the events each incident produced. Updated by the sequencer under the node's lock.
/// </summary>
public sealed class IncidentProjection
{
    private readonly Dictionary<int, Dictionary<string, object?>> _open = new();
    private readonly List<Dictionary<string, object?>> _all = [];

    /// <summary>All incidents in order of opening (read under the node's lock).</summary>
    public IReadOnlyList<Dictionary<string, object?>> All => _all;

    /// <summary>Folds newly committed events.</summary>
    public void Apply(IEnumerable<StoredEvent> events, ProtocolState s)
    {
        foreach (var se in events)
        {
            switch (se.Event)
            {
                case IncidentOpened o:
                    var rec = new Dictionary<string, object?>
                    {
                        ["id"] = o.Incident, ["market"] = s.Markets.TryGetValue(o.Market, out var m) ? m.Symbol : o.Market.ToString(), ["marketId"] = o.Market,
                        ["trigger"] = o.Trigger.ToString(), ["level"] = (int)o.Level, ["openedAt"] = se.Time, ["closedAt"] = null,
                        ["timeline"] = new List<object>(), ["events"] = new List<long>(), ["attestedBy"] = new List<string>(), ["expiresAt"] = null,
                    };
                    _open[o.Market] = rec;
                    _all.Add(rec);
                    Add(rec, se, $"opened: {o.Trigger}, level {(int)o.Level}");
                    break;
                case LadderLevelChanged c when _open.TryGetValue(c.Market, out var r):
                    r["level"] = Math.Max((int)r["level"]!, (int)c.To);
                    r["expiresAt"] = c.ExpiresAt;
                    Add(r, se, $"level {(int)c.From}→{(int)c.To} ({c.Trigger}: {c.EvidenceValue} vs {c.EvidenceThreshold})");
                    break;
                case MarketStatusChanged c when _open.TryGetValue(c.Market, out var r):
                    Add(r, se, $"status {c.From}→{c.To}");
                    break;
                case AttestationRecorded a when _open.TryGetValue(a.Market, out var r):
                    ((List<string>)r["attestedBy"]!).Add(a.Signer.Hex);
                    Add(r, se, $"attested by {a.Signer} ({a.Count}/{a.Threshold})");
                    break;
                case LevelFloorRaised f when f.Market >= 0 && _open.TryGetValue(f.Market, out var r):
                    Add(r, se, $"{f.Source} raised the level floor to {(int)f.Level} until {f.Until} ({f.Signers} signer(s))");
                    break;
                case PauseApplied p when p.Market >= 0 && _open.TryGetValue(p.Market, out var r):
                    Add(r, se, $"{p.Role} paused {p.Flags} until {p.Until} ({p.Signers} signer(s))");
                    break;
                case IncidentClosed c when _open.Remove(c.Market, out var r):
                    r["closedAt"] = se.Time;
                    Add(r, se, "closed");
                    break;
            }
        }
    }

    private static void Add(Dictionary<string, object?> rec, StoredEvent se, string text)
    {
        ((List<object>)rec["timeline"]!).Add(new { seq = se.Seq, time = se.Time, hash = se.Hash, text });
        ((List<long>)rec["events"]!).Add(se.Seq);
    }
}

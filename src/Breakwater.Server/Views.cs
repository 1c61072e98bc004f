using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Server;

/// <summary>Read models served by the API (built under the node's lock).</summary>
public static class Views
{
    /// <summary>Protocol-wide state.</summary>
    public static object State(Node node)
    {
        var e = node.Engine;
        var s = e.State;
        return new
        {
            height = e.Height, time = s.Time, lastEventSeq = e.Chain.Count, logHeadHash = e.LogHeadHash, stateHash = e.StateHash(),
            insuranceFund = s.InsuranceFund, feePool = s.FeePool, socializedLoss = s.SocializedLoss,
            totalDeposits = s.TotalDeposits, totalWithdrawals = s.TotalWithdrawals, claimsPlusFunds = s.ClaimsPlusFunds(),
            protocolLevel = s.Markets.Values.Select(m => m.Ladder.Level).DefaultIfEmpty(0).Max(),
            globalPaused = s.GlobalPausedAt(s.Time).ToString(), accounts = s.Accounts.Count, replayProgress = node.ReplayProgress,
            pendingOperations = s.Governance.Operations.Values.Where(o => !o.Done).Select(o => new { id = "0x" + o.Id, kind = o.Kind.ToString(), eta = o.Eta, state = o.StateAt(s.Time).ToString() }),
        };
    }

    /// <summary>One market.</summary>
    public static object Market(Market m, long now)
    {
        var band = m.Params.Breaker.Enabled ? m.Params.Breaker.Band : Fraction.Zero;
        var reference = m.Reference;
        return new
        {
            id = m.Id, symbol = m.Symbol, mark = m.Mark, index = m.Index, reference,
            bandLow = band.Ppm > 0 ? reference.Times(new Fraction(Fraction.Scale - band.Ppm), Rounding.Floor) : default,
            bandHigh = band.Ppm > 0 ? reference.Times(new Fraction(Fraction.Scale + band.Ppm), Rounding.Ceiling) : default,
            status = m.Status.ToString(), level = m.Ladder.Level, trigger = m.Ladder.Trigger.ToString(), incident = m.Ladder.IncidentId,
            validity = m.Validity.ToString(), openInterest = m.OpenInterest, marginMultiplier = new Fraction(m.MarginMultiplierPpm),
            paused = m.PausedAt(now).ToString(), pausedUntil = m.PausedUntil,
            sources = m.Params.Oracle.SourceCount,
        };
    }

    /// <summary>One account.</summary>
    public static object Account(ProtocolEngine e, long id)
    {
        var a = e.State.Accounts[id];
        var margin = e.MarginOf(id);
        return new
        {
            id, collateral = a.Collateral, equity = margin.Equity, initialMargin = margin.InitialRequirement, maintenanceMargin = margin.MaintenanceRequirement,
            freeCollateral = margin.FreeCollateral,
            positions = a.Positions.Values.Select(p => new { market = p.MarketId, size = p.Size, entryPrice = p.EntryPrice, unrealizedPnl = p.UnrealizedPnL(e.State.Markets[p.MarketId].Mark) }),
        };
    }

    /// <summary>Incidents rebuilt from the event stream: trigger, evidence, levels, governance actions, and the events they produced.</summary>
    public static List<Dictionary<string, object?>> Incidents(EventStore store, ProtocolState s)
    {
        var open = new Dictionary<int, Dictionary<string, object?>>();
        var all = new List<Dictionary<string, object?>>();
        foreach (var se in store.All())
        {
            switch (se.Event)
            {
                case IncidentOpened o:
                    var rec = new Dictionary<string, object?>
                    {
                        ["id"] = o.Incident, ["market"] = s.Markets.TryGetValue(o.Market, out var m) ? m.Symbol : o.Market.ToString(), ["marketId"] = o.Market,
                        ["trigger"] = o.Trigger.ToString(), ["level"] = o.Level, ["openedAt"] = se.Time, ["closedAt"] = null,
                        ["timeline"] = new List<object>(), ["events"] = new List<long>(), ["attestedBy"] = new List<string>(), ["expiresAt"] = null,
                    };
                    open[o.Market] = rec;
                    all.Add(rec);
                    Add(rec, se, $"opened: {o.Trigger}, level {o.Level}");
                    break;
                case LadderLevelChanged c when open.TryGetValue(c.Market, out var r):
                    r["level"] = Math.Max((int)r["level"]!, c.To);
                    r["expiresAt"] = c.ExpiresAt;
                    Add(r, se, $"level {c.From}→{c.To} ({c.Trigger}: {c.EvidenceValue} vs {c.EvidenceThreshold})");
                    break;
                case MarketStatusChanged c when open.TryGetValue(c.Market, out var r):
                    Add(r, se, $"status {c.From}→{c.To}");
                    break;
                case AttestationRecorded a when open.TryGetValue(a.Market, out var r):
                    ((List<string>)r["attestedBy"]!).Add(a.Signer.Hex);
                    Add(r, se, $"attested by {a.Signer} ({a.Count}/{a.Threshold})");
                    break;
                case GovernanceActionApplied g when g.Market >= 0 && open.TryGetValue(g.Market, out var r):
                    Add(r, se, $"{g.Action} value {g.Value} until {g.Until} by {g.Signers} signer(s)");
                    break;
                case IncidentClosed c when open.Remove(c.Market, out var r):
                    r["closedAt"] = se.Time;
                    Add(r, se, "closed");
                    break;
            }
        }
        return all;
    }

    private static void Add(Dictionary<string, object?> rec, StoredEvent se, string text)
    {
        ((List<object>)rec["timeline"]!).Add(new { seq = se.Seq, time = se.Time, hash = se.Hash, text });
        ((List<long>)rec["events"]!).Add(se.Seq);
    }
}

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
            open = node.Open, height = e.Height, time = s.Time, lastEventSeq = e.Chain.Count, logHeadHash = e.LogHeadHash, stateHash = e.StateHash(),
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
            id, owner = e.State.Access.AddressOf.TryGetValue(id, out var owner) ? owner.Hex : null, collateral = a.Collateral, equity = margin.Equity, initialMargin = margin.InitialRequirement, maintenanceMargin = margin.MaintenanceRequirement,
            freeCollateral = margin.FreeCollateral,
            positions = a.Positions.Values.Select(p => new { market = p.MarketId, size = p.Size, entryPrice = p.EntryPrice, unrealizedPnl = p.UnrealizedPnL(e.State.Markets[p.MarketId].Mark) }),
        };
    }

}

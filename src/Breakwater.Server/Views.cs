using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Server;

/// <summary>Read models served by the API (built under the node's lock); the records are in <c>ApiModels.cs</c>.</summary>
public static class Views
{
    /// <summary>Protocol-wide state.</summary>
    public static StateView State(Node node)
    {
        var e = node.Engine;
        var s = e.State;
        return new StateView(node.Open, e.Height, s.Time, e.Chain.Count, e.LogHeadHash, e.StateHash(),
            s.InsuranceFund, s.FeePool, s.SocializedLoss, s.TotalDeposits, s.TotalWithdrawals, s.ClaimsPlusFunds(),
            s.Markets.Values.Select(m => m.Ladder.Level).DefaultIfEmpty(0).Max(), s.GlobalPausedAt(s.Time).ToString(), s.Accounts.Count, node.ReplayProgress,
            [.. s.Governance.Operations.Values.Where(o => !o.Done).Select(o => new PendingOperationView("0x" + o.Id, o.Kind.ToString(), o.Eta, o.StateAt(s.Time).ToString()))]);
    }

    /// <summary>One market.</summary>
    public static MarketView Market(Market m, long now)
    {
        var band = m.Params.Breaker.Enabled ? m.Params.Breaker.Band : Fraction.Zero;
        var reference = m.Reference;
        return new MarketView(m.Id, m.Symbol, m.Mark, m.Index, reference,
            band.Ppm > 0 ? reference.Times(new Fraction(Fraction.Scale - band.Ppm), Rounding.Floor) : default,
            band.Ppm > 0 ? reference.Times(new Fraction(Fraction.Scale + band.Ppm), Rounding.Ceiling) : default,
            m.Status.ToString(), m.Ladder.Level, m.Ladder.Trigger.ToString(), m.Ladder.IncidentId, m.Validity.ToString(), m.OpenInterest,
            new Fraction(m.MarginMultiplierPpm), m.PausedAt(now).ToString(), m.PausedUntil, m.Params.Oracle.SourceCount);
    }

    /// <summary>One account.</summary>
    public static AccountView Account(ProtocolEngine e, long id)
    {
        var a = e.State.Accounts[id];
        var margin = e.MarginOf(id);
        return new AccountView(id, e.State.Access.AddressOf.TryGetValue(id, out var owner) ? owner.Hex : null, a.Collateral, margin.Equity,
            margin.InitialRequirement, margin.MaintenanceRequirement, margin.FreeCollateral,
            [.. a.Positions.Values.Select(p => new PositionView(p.MarketId, p.Size, p.EntryPrice, p.UnrealizedPnL(e.State.Markets[p.MarketId].Mark)))]);
    }

    /// <summary>The keeper's view of one market (the market must exist).</summary>
    public static LiquidatableView Liquidatable(ProtocolEngine e, int marketId)
    {
        var m = e.State.Markets[marketId];
        var blocked = e.LiquidationBlockedIn(marketId);
        var accounts = e.FindLiquidatable(marketId).Select(id =>
        {
            var margin = e.MarginOf(id);
            return new LiquidatableAccount(id, e.State.Accounts[id].PositionIn(marketId)!.Size, margin.Equity, margin.MaintenanceRequirement);
        }).ToList();
        return new LiquidatableView(marketId, m.Mark, m.Validity.ToString(), blocked?.Reason.ToString(), blocked?.Detail,
            m.LiquidationFillBound(closingLong: true), m.LiquidationFillBound(closingLong: false), accounts);
    }
}

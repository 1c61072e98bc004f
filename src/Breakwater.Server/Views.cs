using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;

namespace Breakwater.Server;

/// <summary>Read models served by the API (built under the node's lock); the records are in <c>ApiModels.cs</c>.</summary>
public static class Views
{
    /// <summary>Protocol-wide state.</summary>
    public static StateView State(Node node)
    {
        var e = node.Engine;
        var s = e.State;
        return new StateView(node.Open, e.Height, s.Time, e.Chain.Count, e.LogHeadHash, node.StateHash(),
            s.InsuranceFund, s.FeePool, s.SocializedLoss, s.TotalDeposits, s.TotalWithdrawals, s.ClaimsPlusFunds(),
            s.Markets.Values.Select(m => (int)m.Ladder.Level).DefaultIfEmpty(0).Max(), s.GlobalPausedAt(s.Time).ToString(), s.Accounts.Count, node.ReplayProgress,
            [.. s.Governance.Operations.Values.Where(o => !o.Done).Select(o => new PendingOperationView("0x" + o.Id, o.Kind.ToString(), o.Eta, o.StateAt(s.Time).ToString()))],
            node.PublishedRoot.Root, s.Vault, s.VaultLockedUntil);
    }

    /// <summary>A Merkle proof of one account (or of its absence) against the last published accounts root.</summary>
    public static AccountProofView Proof(Node node, long id)
    {
        var a = node.Engine.State.AccountOrNull(id);
        return new AccountProofView(id, node.PublishedRoot.Height, node.Accounts.RootHex,
            a is null ? null : Convert.ToHexStringLower(Protocol.Hashing.AccountTree.LeafBytes(a)),
            [.. node.Accounts.Siblings(id).Select(Convert.ToHexStringLower)]);
    }

    /// <summary>A Merkle proof of one market against the last published root.</summary>
    public static MarketProofView MarketProof(Node node, Market m)
    {
        var key = Protocol.Hashing.AccountTree.MarketKey(m.Id);
        return new MarketProofView(m.Id, key.ToString(System.Globalization.CultureInfo.InvariantCulture), node.PublishedRoot.Height, node.Accounts.RootHex,
            Convert.ToHexStringLower(Protocol.Hashing.AccountTree.MarketLeafBytes(m)), [.. node.Accounts.SiblingsAt(key).Select(Convert.ToHexStringLower)]);
    }

    /// <summary>One market.</summary>
    public static MarketView Market(Market m, long now)
    {
        var band = m.Params.Breaker.Enabled ? m.Params.Breaker.Band : Fraction.Zero;
        var reference = m.Reference;
        return new MarketView(m.Id, m.Symbol, m.Mark, m.Index, reference,
            band.Ppm > 0 ? reference.Times(new Fraction(Fraction.Scale - band.Ppm), Rounding.Floor) : default,
            band.Ppm > 0 ? reference.Times(new Fraction(Fraction.Scale + band.Ppm), Rounding.Ceiling) : default,
            m.Status.ToString(), (int)m.Ladder.Level, m.Ladder.Trigger.ToString(), m.Ladder.IncidentId, m.Validity.ToString(), m.OpenInterest,
            new Fraction(m.MarginMultiplierPpm), m.PausedAt(now).ToString(), m.PausedUntil, m.Params.Oracle.SourceCount,
            m.Funding.LastRatePpb, m.Params.Funding.Enabled ? m.Funding.IntervalStart + m.Params.Funding.IntervalSeconds : 0);
    }

    /// <summary>One account.</summary>
    public static AccountView Account(ProtocolEngine e, long id)
    {
        var a = e.State.Accounts[id];
        var margin = e.MarginOf(id);
        return new AccountView(id, e.State.Access.AddressOf.TryGetValue(id, out var owner) ? owner.Hex : null, a.Collateral, margin.Equity,
            margin.InitialRequirement, margin.MaintenanceRequirement, margin.FreeCollateral,
            [.. a.Positions.Values.Select(p => new PositionView(p.MarketId, p.Size, p.EntryPrice, p.UnrealizedPnL(e.State.Markets[p.MarketId].Mark), p.FundingOwed(e.State.Markets[p.MarketId].Funding.CumulativeIndex)))]);
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

    /// <summary>What users can do in every market now, and why not.</summary>
    public static StatusView Status(ProtocolEngine e)
    {
        var s = e.State;
        var now = s.Time;
        var markets = s.Markets.Values.Select(m =>
        {
            var paused = s.PausedAt(m, now);
            bool Oracle(OracleOperation op) => OraclePermissions.Allows(m.Validity, op);
            var canOpen = m.Status == MarketStatus.Active && !paused.HasFlag(PauseFlags.Open) && Oracle(OracleOperation.Open);
            var canReduce = m.Status != MarketStatus.Settlement && !paused.HasFlag(PauseFlags.Reduce) && Oracle(OracleOperation.Reduce);
            var canLiquidate = e.LiquidationBlockedIn(m.Id) is null;
            var canWithdraw = !paused.HasFlag(PauseFlags.Withdraw) && Oracle(OracleOperation.Withdraw);
            var refused = new[] { (canOpen, "opening"), (canReduce, "reducing"), (canLiquidate, "liquidations"), (canWithdraw, "withdrawals") }
                .Where(x => !x.Item1).Select(x => x.Item2).ToList();
            var why = new List<string>();
            if (m.Status != MarketStatus.Active) why.Add($"market {m.Status}");
            if (m.Ladder.Level > ResponseLevel.Normal) why.Add($"level {(int)m.Ladder.Level} {m.Ladder.Level.ToString().ToLowerInvariant()} ({m.Ladder.Trigger})");
            if (m.Validity != OracleValidity.Valid) why.Add($"oracle {m.Validity}");
            var pausedUntil = s.GlobalPausedAt(now) != PauseFlags.None ? s.GlobalPausedUntil : m.PausedUntil;
            if (paused != PauseFlags.None) why.Add($"paused {paused}" + (pausedUntil > 0 ? $" until {Iso(pausedUntil)}" : " until the DAO lifts it"));
            long? levelUntil = m.Ladder.Level > ResponseLevel.Normal ? m.Ladder.ExpiresAt(m.Params) : null;
            var summary = refused.Count == 0 && why.Count == 0 ? "normal"
                : (refused.Count == 0 ? "everything allowed" : string.Join(", ", refused) + " refused") + " — " + string.Join("; ", why)
                  + (levelUntil is { } u ? $"; the level steps down from {Iso(u)} if the cause has cleared" : "");
            return new MarketStatusView(m.Id, m.Symbol, m.Status.ToString(), (int)m.Ladder.Level, m.Ladder.Trigger.ToString(), levelUntil, m.Validity.ToString(),
                paused.ToString(), pausedUntil, canOpen, canReduce, canLiquidate, canWithdraw, summary);
        }).ToList();
        return new StatusView(now, s.GlobalPausedAt(now).ToString(), s.GlobalPausedUntil, markets);
    }

    private static string Iso(long t) => DateTimeOffset.FromUnixTimeSeconds(t).ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}

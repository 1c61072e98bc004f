using Breakwater.Protocol.Events;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Engine;

/// <summary>Decodes, checks and applies the payloads of timelocked DAO operations.</summary>
internal static class DaoOperations
{
    /// <summary>Returns a problem, or null when the payload decodes and makes sense against the current state.</summary>
    /// <param name="s">The state.</param>
    /// <param name="kind">Operation kind.</param>
    /// <param name="payload">Its payload.</param>
    /// <param name="now">The transaction's time.</param>
    /// <param name="executing">True at execution (after the timelock), false when queued: some conditions, such as the
    /// vault's lock, only have to hold when the operation takes effect.</param>
    public static string? Check(ProtocolState s, DaoOperationKind kind, byte[] payload, long now, bool executing)
    {
        try
        {
            var r = new CanonicalReader(payload);
            string? problem = kind switch
            {
                DaoOperationKind.SetMarketParams => CheckParams(s, r.I32(), MarketParams.Read(r)),
                DaoOperationKind.Unpause => CheckMarket(s, r.I32()) ?? (((PauseFlags)r.U8() & ~PauseFlags.All) != 0 ? "unknown pause flags" : null),
                DaoOperationKind.SetRoles => CheckRoles((Role)r.U8(), RoleSet.Read(r)),
                DaoOperationKind.ExtendPause => CheckMarket(s, r.I32()) ?? (r.I64() < 0 ? "until must be ≥ 0" : null),
                DaoOperationKind.Settle => CheckSettle(s, r.I32(), new Price(r.I64())),
                DaoOperationKind.ReleaseVault => LiquidityMigration.CheckRelease(s, new Usd(r.I64()), now, executing),
                DaoOperationKind.Recover => CheckRecover(ReadRecover(r)),
                _ => $"unknown operation kind {(byte)kind}",
            };
            if (problem is null && !r.AtEnd) problem = "trailing bytes in the payload";
            return problem;
        }
        catch (FormatException e)
        {
            return $"payload does not decode: {e.Message}";
        }
    }

    /// <summary>Reads a <see cref="DaoOperationKind.Recover"/> payload.</summary>
    /// <exception cref="FormatException">truncated, or more than 1,000 heights.</exception>
    internal static (long From, long[] Excluded) ReadRecover(CanonicalReader r)
    {
        var from = r.I64();
        var n = r.I32();
        if (n is < 0 or > 1_000) throw new FormatException($"{n} excluded heights (1 to 1,000)");
        var heights = new long[n];
        for (var i = 0; i < n; i++) heights[i] = r.I64();
        return (from, heights);
    }

    private static string? CheckRecover((long From, long[] Excluded) op)
    {
        if (op.From < 0) return "H must be ≥ 0";
        if (op.Excluded.Length == 0) return "a recovery leaves out at least one height";
        for (var i = 0; i < op.Excluded.Length; i++)
        {
            if (op.Excluded[i] <= op.From) return $"excluded height {op.Excluded[i]} is not above H = {op.From}";
            if (i > 0 && op.Excluded[i] <= op.Excluded[i - 1]) return "excluded heights must be ascending, without repeats";
        }
        return null;
    }

    private static string? CheckMarket(ProtocolState s, int market) => market == -1 || s.Markets.ContainsKey(market) ? null : $"market {market} does not exist";

    private static string? CheckParams(ProtocolState s, int market, MarketParams p)
    {
        if (!s.Markets.TryGetValue(market, out var m)) return $"market {market} does not exist";
        if (p.Oracle.SourceCount != m.Params.Oracle.SourceCount) return "the oracle source count cannot change";
        return p.Validate();
    }

    private static string? CheckRoles(Role role, RoleSet set)
    {
        if (!Enum.IsDefined(role)) return $"unknown role {(byte)role}";
        if (role != Role.Guardian && (set.Threshold < 1 || set.Threshold > set.Members.Count)) return $"threshold must be 1..{set.Members.Count}";
        return null;
    }

    private static string? CheckSettle(ProtocolState s, int market, Price price)
    {
        if (!s.Markets.TryGetValue(market, out var m)) return $"market {market} does not exist";
        if (m.Status == MarketStatus.Settlement) return "market is settled already";
        return price.IsValid ? null : "settlement price must be in (0, 1e10]";
    }

    public static void Apply(ApplyContext ctx, DaoOperationKind kind, byte[] payload)
    {
        var s = ctx.State;
        var r = new CanonicalReader(payload);
        switch (kind)
        {
            case DaoOperationKind.SetMarketParams:
                {
                    var m = s.Markets[r.I32()];
                    m.Params = MarketParams.Read(r); // the liquidation index is keyed independently of margin fractions
                    break;
                }
            case DaoOperationKind.Unpause:
                {
                    var market = r.I32();
                    var flags = (PauseFlags)r.U8();
                    if (market == -1)
                    {
                        s.GlobalPaused &= ~flags;
                        ctx.Emit(new PauseFlagsChanged(-1, s.GlobalPaused, s.GlobalPausedUntil));
                    }
                    else
                    {
                        var m = s.Markets[market];
                        m.Paused &= ~flags;
                        ctx.Emit(new PauseFlagsChanged(market, m.Paused, m.PausedUntil));
                    }
                    break;
                }
            case DaoOperationKind.SetRoles:
                {
                    var role = (Role)r.U8();
                    var set = RoleSet.Read(r);
                    var cfg = s.Governance.Config!;
                    s.Governance.Config = role switch
                    {
                        Role.Watcher => cfg with { Watchers = set },
                        Role.Council => cfg with { Council = set },
                        Role.Guardian => cfg with { Guardians = set },
                        Role.Peer => cfg with { Peers = set },
                        Role.Dao => cfg with { Dao = set },
                        _ => throw new InvalidOperationException($"role {role} passed the check but has no setter"),
                    };
                    break;
                }
            case DaoOperationKind.ExtendPause:
                {
                    var market = r.I32();
                    var until = r.I64();
                    if (market == -1) s.GlobalPausedUntil = until;
                    else s.Markets[market].PausedUntil = until;
                    ctx.Emit(new PauseFlagsChanged(market, market == -1 ? s.GlobalPaused : s.Markets[market].Paused, until));
                    break;
                }
            case DaoOperationKind.Settle:
                Settle(ctx, s.Markets[r.I32()], new Price(r.I64()));
                break;
            case DaoOperationKind.ReleaseVault:
                LiquidityMigration.Release(ctx, new Usd(r.I64()));
                break;
            case DaoOperationKind.Recover:
                {
                    var (from, excluded) = ReadRecover(r);
                    ctx.Emit(new RecoveryApproved(from, excluded));
                    break;
                }
        }
    }

    /// <summary>
    /// Closes every position at the settlement price: each account realizes size × price − cost basis. The
    /// per-account roundings (down) leave a few micro-dollars of dust, which go to the fee pool so value stays conserved.
    /// An account left flat below zero goes down the same waterfall as a liquidation (insurance fund, then socialized
    /// loss): bad debt is never hidden in a settled account.
    /// </summary>
    private static void Settle(ApplyContext ctx, Market m, Price price)
    {
        var holders = ctx.State.HoldersOf(m.Id).Ids();
        Usd flows = Usd.Zero;
        foreach (var id in holders)
        {
            var a = ctx.State.AccountMap[id];
            ctx.RealizeFunding(a, m);
            var pos = a.PositionIn(m.Id)!;
            var value = Notional.Value(pos.Size, price, Rounding.Floor);
            a.Collateral += value - pos.OpenNotional;
            flows += value;
            m.OpenInterest -= new Size(Math.Max(0, pos.Size.Units));
            a.RemovePosition(m.Id);
            ctx.Touch(a);
        }
        ctx.State.HoldersOf(m.Id).Clear();
        ctx.State.FeePool -= flows;
        foreach (var id in holders) LiquidationHandler.CoverDeficit(ctx, ctx.State.AccountMap[id], m);
        m.Status = MarketStatus.Settlement;
        m.SettlementPrice = price;
        m.Mark = price;
        ctx.Emit(new MarketSettled(m.Id, price, holders.Count));
    }
}

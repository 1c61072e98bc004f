using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Hashing;

/// <summary>
/// The canonical encoding of a state's globals, governance, access rules and markets (each market as
/// <see cref="Market.WriteSnapshot"/>), the part of the state before its accounts. The state hash and the snapshot both
/// use it, so what a snapshot restores and what the hash covers are one list: a field added to a market's snapshot is in
/// the hash too.
/// </summary>
internal static class StateEncoding
{
    public static void WriteGlobalsAndMarkets(CanonicalWriter w, ProtocolState s)
    {
        w.I64(s.Time).I64(s.InsuranceFund.Micros).I64(s.FeePool.Micros).I64(s.FundingPool.Micros).I64(s.TotalDeposits.Micros).I64(s.TotalWithdrawals.Micros)
         .I64(s.SocializedLoss.Micros).U8((byte)s.GlobalPaused).I64(s.GlobalPausedUntil).I64(s.GlobalPausedSince).I64(s.LastIncidentId)
         .I64(s.Vault.Micros).I64(s.VaultLockedUntil).I32((int)s.MarketWideLevel).I64(s.MarketWideDeclinePpm).I64(s.MarketWideDay);
        s.MarketWide.Write(w);
        s.Governance.Write(w);
        s.Access.Write(w);
        w.I32(s.Markets.Count);
        foreach (var m in s.Markets.Values) m.WriteSnapshot(w);
    }

    /// <exception cref="FormatException">truncated or malformed.</exception>
    public static void ReadGlobalsAndMarkets(CanonicalReader r, ProtocolState s)
    {
        s.Time = r.I64(); s.InsuranceFund = new Usd(r.I64()); s.FeePool = new Usd(r.I64()); s.FundingPool = new Usd(r.I64()); s.TotalDeposits = new Usd(r.I64());
        s.TotalWithdrawals = new Usd(r.I64()); s.SocializedLoss = new Usd(r.I64()); s.GlobalPaused = (PauseFlags)r.U8();
        s.GlobalPausedUntil = r.I64(); s.GlobalPausedSince = r.I64(); s.LastIncidentId = r.I64(); s.Vault = new Usd(r.I64());
        s.VaultLockedUntil = r.I64(); s.MarketWideLevel = Guards.ResponseLevels.Read(r); s.MarketWideDeclinePpm = r.I64(); s.MarketWideDay = r.I64();
        s.MarketWide = Guards.MarketWideParams.Read(r);
        s.Governance.Restore(r);
        s.Access.Restore(r);
        for (var n = r.I32(); n > 0; n--)
        {
            var m = Market.ReadSnapshot(r);
            s.AddMarket(m);
        }
    }

    /// <summary>The account ids in ascending order: the order the state hash and a snapshot encode accounts in.</summary>
    internal static long[] SortedAccountIds(ProtocolState s)
    {
        var ids = new long[s.AccountMap.Count];
        s.AccountMap.Keys.CopyTo(ids, 0);
        Array.Sort(ids);
        return ids;
    }
}

using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Hashing;

/// <summary>
/// The canonical encoding of a state's globals, governance, access rules and markets (each market as
/// <see cref="Market.WriteSnapshot"/>), the part of the state before its accounts, and with the accounts the whole state
/// (<see cref="WriteState"/>). The state hash and the snapshot both use it, so what a snapshot restores and what the hash
/// covers are one list: a field added to a market's snapshot is in the hash too.
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

    /// <summary>
    /// Hashes the state into <paramref name="hash"/>: the globals and markets, then every account by ascending id in its
    /// leaf encoding (<see cref="AccountTree.Write"/>), in pieces of about 64 KiB. With <paramref name="output"/> it writes
    /// the same pieces there too, and the account count (not hashed) between the markets and the accounts: the state part
    /// of a snapshot. One routine for both, so the hash stored beside a snapshot is the state hash by construction.
    /// </summary>
    /// <exception cref="IOException">the stream refused a write.</exception>
    public static void WriteState(ProtocolState s, Sha256 hash, Stream? output)
    {
        const int Piece = 64 * 1024;
        var w = new CanonicalWriter();
        WriteGlobalsAndMarkets(w, s);
        Flush(hashed: true);
        var ids = new long[s.AccountMap.Count];
        s.AccountMap.Keys.CopyTo(ids, 0);
        Array.Sort(ids);
        if (output is not null)
        {
            w.I32(ids.Length);
            Flush(hashed: false);
        }
        foreach (var id in ids)
        {
            AccountTree.Write(w, s.AccountMap[id]);
            if (w.WrittenSpan.Length >= Piece) Flush(hashed: true);
        }
        Flush(hashed: true);

        void Flush(bool hashed)
        {
            if (hashed) hash.Append(w.WrittenSpan);
            output?.Write(w.WrittenSpan);
            w.Reset();
        }
    }
}

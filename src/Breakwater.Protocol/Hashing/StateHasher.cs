using System.Security.Cryptography;
using Breakwater.Protocol.Engine;

namespace Breakwater.Protocol.Hashing;

/// <summary>
/// Hashes the whole state over a canonical encoding: funds, then markets by id, then accounts by id,
/// each with its positions by market id. Fixed-width integers only.
/// </summary>
public static class StateHasher
{
    /// <summary>SHA-256 of the state, lowercase hex.</summary>
    public static string Hash(ProtocolState s)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var w = new CanonicalWriter();
        w.I64(s.Time).I64(s.InsuranceFund.Micros).I64(s.FeePool.Micros).I64(s.TotalDeposits.Micros).I64(s.TotalWithdrawals.Micros)
         .I64(s.SocializedLoss.Micros).U8((byte)s.GlobalPaused).I64(s.GlobalPausedUntil).I64(s.LastIncidentId).I64(s.GlobalPausedSince);
        s.Governance.Write(w);
        s.Access.Write(w);
        s.MarketWide.Write(w);
        w.I32(s.MarketWideLevel).I64(s.MarketWideDeclinePpm).I64(s.MarketWideDay);
        w.I32(s.Markets.Count);
        foreach (var m in s.Markets.Values)
        {
            w.I32(m.Id).Str(m.Symbol).I64(m.Mark.Units).I64(m.Index.Units).U8((byte)m.Validity).U8((byte)m.Status).U8((byte)m.Paused)
             .I64(m.MarginMultiplierPpm).I64(m.OpenInterest.Units).I32(m.Ladder.Level).I64(m.Ladder.LevelSince).I64(m.Ladder.IncidentId)
             .I64(m.Volatility.VariancePpm2).I64(m.Volatility.MultiplierPpm).Bool(m.Breaker.InLimit).I64(m.LiquidatedInWindow.Micros)
             .I64(m.PausedUntil).I32(m.ExternalLevel).I64(m.ExternalLevelUntil).I64(m.SettlementPrice.Units)
             .I64(m.DayReferenceMark.Units).I64(m.ReferenceDay)
             .I64(m.LastConfirmedTime).I32(m.PendingSign).I64(m.PendingSince).I32(m.SuspectSource).I64(m.Reference.Units).I64(m.PausedSince);
            m.Params.Write(w);
        }
        h.AppendData(w.WrittenSpan);
        var ids = s.Accounts.Keys.ToArray();
        Array.Sort(ids);
        foreach (var id in ids)
        {
            w.Reset();
            var a = s.Accounts[id];
            w.I64(a.Id).I64(a.Collateral.Micros).I32(a.Positions.Count);
            foreach (var p in a.Positions.Values) w.I32(p.MarketId).I64(p.Size.Units).I64(p.OpenNotional.Micros);
            h.AppendData(w.WrittenSpan);
        }
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }
}

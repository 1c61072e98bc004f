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
        w.I64(s.Vault.Micros).I64(s.VaultLockedUntil);
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
            // Everything else that decides what the next transaction does: the sources' latest reports and anchors, the last
            // reading, the price window's samples, the breaker's limit timer, the volatility sampler, the ladder's trigger
            // and hold, and the liquidation throttle's window.
            w.I32(m.Reports.Length);
            foreach (var r in m.Reports) { w.Bool(r is not null); if (r is { } x) w.I64(x.Units).I64(x.Time); }
            w.I32(m.Anchors.Length);
            foreach (var a in m.Anchors) w.I64(a);
            var rd = m.LastReading;
            w.U8((byte)rd.Validity).I64(rd.IndexUnits).I32(rd.FreshSources).I32(rd.AcceptedSources).I64((long)rd.RejectedMask).I64(rd.SpreadPpm).I64(rd.MovePpm);
            w.I32(m.Window.Count);
            foreach (var (t, u) in m.Window.Samples) w.I64(t).I64(u);
            w.I64(m.Breaker.LimitSince).I64(m.Breaker.LastDeviationPpm);
            w.I64(m.Held.Units).I32(m.Held.Count).I32(m.Held.AtOrBelow).I32(m.Held.AtOrAbove);
            foreach (var (t, u) in m.Held.Samples) w.I64(t).I64(u);
            w.Bool(m.Volatility.Started).I64(m.Volatility.LastSampleTime).I64(m.Volatility.LastSampleUnits);
            w.Bool(m.BandVolatility.Started).I64(m.BandVolatility.LastSampleTime).I64(m.BandVolatility.LastSampleUnits).I64(m.BandVolatility.VariancePpm2).I64(m.BandVolatility.MultiplierPpm);
            w.I64(m.Ladder.LastHeldAt).U8((byte)m.Ladder.Trigger);
            w.I64(m.WindowStart).I64(m.InsuranceFundAtWindowStart.Micros);
            w.I64(m.Funding.IntervalStart).I64(m.Funding.PremiumSum).I64(m.Funding.PremiumSeconds).I64(m.Funding.LastPremiumPpb)
             .I64(m.Funding.LastSampleTime).Bool(m.Funding.Sampling).I64(m.Funding.LastRatePpb);
            m.Params.Write(w);
        }
        h.AppendData(w.WrittenSpan);
        var ids = s.Accounts.Keys.ToArray();
        Array.Sort(ids);
        foreach (var id in ids)
        {
            w.Reset();
            var a = s.Accounts[id];
            AccountTree.Write(w, a);
            h.AppendData(w.WrittenSpan);
        }
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }
}

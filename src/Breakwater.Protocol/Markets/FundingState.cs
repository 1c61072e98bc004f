namespace Breakwater.Protocol.Markets;

/// <summary>
/// A market's funding accrual: the current interval and the time-weighted premium sampled in it. Premiums are in 1e-9
/// (ppb) of the index; the sum is ppb · seconds.
/// </summary>
public sealed class FundingState
{
    /// <summary>Start of the current funding interval (unix seconds, a multiple of the interval).</summary>
    public long IntervalStart { get; internal set; }

    /// <summary>Σ premium × seconds it was in force, over the interval's Valid time, ppb · s.</summary>
    public long PremiumSum { get; internal set; }

    /// <summary>Seconds of the interval with a sampled premium (Valid grade).</summary>
    public long PremiumSeconds { get; internal set; }

    /// <summary>The premium in force since <see cref="LastSampleTime"/>, ppb; meaningful when <see cref="Sampling"/>.</summary>
    public long LastPremiumPpb { get; internal set; }

    /// <summary>When the premium in force was sampled (unix seconds).</summary>
    public long LastSampleTime { get; internal set; }

    /// <summary>Whether a premium is in force (the last report was graded Valid).</summary>
    public bool Sampling { get; internal set; }

    /// <summary>The last settled rate per interval, ppb (positive: longs paid shorts).</summary>
    public long LastRatePpb { get; internal set; }

    /// <summary>
    /// The cumulative funding index: Σ over settled intervals of mark × rate, in 1e-8 USD × 1e-9 = 1e-17 USD per whole unit
    /// of long position (positive: longs have paid). A position owes size × (this − its <see
    /// cref="Accounts.Position.FundingIndex"/>) / 1e19 micro-dollars, rounded up, realized when it next changes: dYdX v4's
    /// funding index (dydxprotocol/v4-chain, x/perpetuals "FundingIndex", settled in x/subaccounts), which makes a
    /// settlement O(1) instead of a walk over every holder.
    /// </summary>
    public Int128 CumulativeIndex { get; internal set; }

    internal FundingState Clone() => (FundingState)MemberwiseClone();

    /// <summary>Writes the canonical encoding (snapshot and state hash).</summary>
    internal void Write(Hashing.CanonicalWriter w)
        => w.I64(IntervalStart).I64(PremiumSum).I64(PremiumSeconds).I64(LastPremiumPpb).I64(LastSampleTime).Bool(Sampling).I64(LastRatePpb).I128(CumulativeIndex);

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    internal void Restore(Hashing.CanonicalReader r)
    {
        IntervalStart = r.I64(); PremiumSum = r.I64(); PremiumSeconds = r.I64(); LastPremiumPpb = r.I64();
        LastSampleTime = r.I64(); Sampling = r.Bool(); LastRatePpb = r.I64(); CumulativeIndex = r.I128();
    }
}

using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Oracle;

namespace Breakwater.Protocol.Guards;

/// <summary>
/// Limit-up/limit-down price band of one market: the band is reference × (1 ± band), the reference
/// the rolling average index over the reference window. Leaving the band starts a limit state; staying
/// out for the limit-state period is a held breach, which the ladder turns into a halt.
/// </summary>
public sealed class CircuitBreaker
{
    /// <summary>Whether the market is in a limit state.</summary>
    public bool InLimit { get; private set; }

    /// <summary>When the current limit state began (unix seconds), valid while <see cref="InLimit"/>.</summary>
    public long LimitSince { get; private set; }

    /// <summary>Deviation of the last index from the reference, ppm.</summary>
    public long LastDeviationPpm { get; private set; }

    /// <summary>Evaluates a new index against the reference (both 1e-8 USD) at <paramref name="now"/>, with the band in force (ppm).</summary>
    public BreakerSignal Evaluate(long indexUnits, long referenceUnits, BreakerParams p, long bandPpm, long now)
    {
        if (!p.Enabled || referenceUnits <= 0)
        {
            InLimit = false;
            LastDeviationPpm = 0;
            return BreakerSignal.InBand;
        }
        LastDeviationPpm = OracleAggregator.DeviationPpm(indexUnits, referenceUnits);
        if (LastDeviationPpm <= bandPpm)
        {
            InLimit = false;
            return BreakerSignal.InBand;
        }
        if (!InLimit)
        {
            InLimit = true;
            LimitSince = now;
        }
        return Held(p, now);
    }

    /// <summary>The signal of the current state without a new price (time-driven re-evaluation).</summary>
    public BreakerSignal Current(BreakerParams p, long now) => !p.Enabled || !InLimit ? BreakerSignal.InBand : Held(p, now);

    private BreakerSignal Held(BreakerParams p, long now) => now - LimitSince >= p.LimitStateSeconds ? BreakerSignal.BreachHeld : BreakerSignal.Limit;

    internal CircuitBreaker Clone() => (CircuitBreaker)MemberwiseClone();

    internal void Write(Hashing.CanonicalWriter w) => w.Bool(InLimit).I64(LimitSince).I64(LastDeviationPpm);

    internal void Restore(Hashing.CanonicalReader r)
    {
        InLimit = r.Bool(); LimitSince = r.I64(); LastDeviationPpm = r.I64();
    }
}

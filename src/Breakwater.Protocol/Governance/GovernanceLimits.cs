namespace Breakwater.Protocol.Governance;

/// <summary>
/// Bounds on every power short of a DAO vote, so that no key set below the DAO can capture the protocol by repetition.
/// </summary>
public static class GovernanceLimits
{
    /// <summary>
    /// A signed message may name an expiry at most this far ahead (seconds): one day. A leaked or pre-signed message
    /// cannot be held back for a better moment (Safe and most wallets sign with short deadlines for the same reason).
    /// </summary>
    public const long MaxMessageLifetimeSeconds = 86_400;

    /// <summary>
    /// A pause message may name an expiry up to this far ahead (seconds): 30 days. Pauses are the council's prepared
    /// containment (<see cref="Runbook"/>): signed ahead of time, submitted by any operator in the minute they are needed.
    /// Held back, a pre-signed pause can only pause — bounded by the maximum pause run and lifted by the DAO — so the
    /// longer lifetime buys speed at the cost of, at worst, an untimely pause.
    /// </summary>
    public const long MaxPauseMessageLifetimeSeconds = 30 * 86_400;

    /// <summary>Threat signals accepted per market per UTC day from trusted peers: 3. More is a peer stuck or captured.</summary>
    public const int MaxPeerSignalsPerMarketPerDay = 3;

    /// <summary>
    /// The highest level a trusted peer's signal can set: 2, reduce-only. A key outside the protocol may make a market
    /// cautious, never halt it; halting needs the watcher quorum or the council.
    /// </summary>
    public const Guards.ResponseLevel MaxPeerLevel = Guards.ResponseLevel.High;

    /// <summary>
    /// A queued DAO operation not executed within this long after it became ready expires (seconds): 14 days, the
    /// GRACE_PERIOD of Compound's Timelock. An approval cannot be kept in a drawer for a better moment.
    /// </summary>
    public const long OperationGracePeriodSeconds = 14 * 86_400;
}

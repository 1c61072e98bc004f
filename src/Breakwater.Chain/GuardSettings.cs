using Breakwater.Protocol.Governance;

namespace Breakwater.Chain;

/// <summary>
/// What a guard is deployed with. Durations in seconds; the defaults are the node's (<see cref="GovernanceConfig"/>):
/// a 300 s attestation window, watcher raises of at most 1,800 s, pauses of at most 172,800 s.
/// </summary>
/// <param name="Watchers">The watcher set (addresses).</param>
/// <param name="K">Attestations that raise a level, 1 ≤ K ≤ watchers.</param>
/// <param name="Council">The security council.</param>
/// <param name="CouncilThreshold">Council signatures a pause needs.</param>
/// <param name="Dao">Proposer and executor of the timelock (the DAO's governor or multisig).</param>
/// <param name="TimelockDelaySeconds">The timelock's minimum delay.</param>
public sealed record GuardSettings(IReadOnlyList<Address> Watchers, int K, IReadOnlyList<Address> Council, int CouncilThreshold, Address Dao, long TimelockDelaySeconds)
{
    /// <summary>Attestation window, seconds.</summary>
    public long AttestationWindowSeconds { get; init; } = 300;

    /// <summary>Longest watcher raise, seconds.</summary>
    public long MaxWatcherActionSeconds { get; init; } = 1_800;

    /// <summary>Longest pause, seconds.</summary>
    public long MaxPauseSeconds { get; init; } = 172_800;

    /// <summary>The guard's market id for the demo market.</summary>
    public int MarketId { get; init; }

    /// <summary>The demo market's first oracle price, USD × 1e6.</summary>
    public long InitialPriceMicros { get; init; } = 2_000_000_000;
}

using Breakwater.Protocol.Hashing;

namespace Breakwater.Protocol.Governance;

/// <summary>
/// Governance set at genesis: the signing domain, the four role sets, and the bounds on what each tier may do.
/// After genesis, roles change only through the timelock.
/// </summary>
public sealed record GovernanceConfig
{
    /// <summary>The EIP-712 domain.</summary>
    public required GovernanceDomain Domain { get; init; }

    /// <summary>Watchers and their quorum k.</summary>
    public required RoleSet Watchers { get; init; }

    /// <summary>Security council and its threshold M.</summary>
    public required RoleSet Council { get; init; }

    /// <summary>Pause guardians (threshold ignored: any one may pause).</summary>
    public required RoleSet Guardians { get; init; }

    /// <summary>DAO signers and their threshold.</summary>
    public required RoleSet Dao { get; init; }

    /// <summary>Trusted peers whose threat signals are acted on (threshold ignored: one signal suffices, bounded like a watcher quorum). Default none.</summary>
    public RoleSet Peers { get; init; } = new();

    /// <summary>Minimum delay between queueing and executing a DAO operation, seconds. Default 108,000 s (30 h, Maker's GSM delay).</summary>
    public long TimelockDelaySeconds { get; init; } = 108_000;

    /// <summary>Longest pause the council or a guardian may set, seconds; it lapses after that unless the DAO extends it. Default 172,800 s (2 days).</summary>
    public long MaxPauseSeconds { get; init; } = 172_800;

    /// <summary>Window in which k watcher attestations about one incident must arrive, seconds. Default 300 s.</summary>
    public long AttestationWindowSeconds { get; init; } = 300;

    /// <summary>Longest a watcher-quorum action (level floor, reduce-only, halt) lasts, seconds. Default 1,800 s.</summary>
    public long MaxWatcherActionSeconds { get; init; } = 1_800;

    /// <summary>Returns the first problem or null.</summary>
    public string? Validate()
    {
        foreach (var (name, set) in new[] { ("watchers", Watchers), ("council", Council), ("dao", Dao) })
            if (set.Threshold < 1 || set.Threshold > set.Members.Count) return $"{name} threshold must be 1..{set.Members.Count}";
        if (TimelockDelaySeconds < 0 || MaxPauseSeconds <= 0 || AttestationWindowSeconds <= 0 || MaxWatcherActionSeconds <= 0) return "governance durations must be positive";
        return null;
    }

    /// <summary>Writes the canonical encoding.</summary>
    public void Write(CanonicalWriter w)
    {
        Domain.Write(w);
        Watchers.Write(w);
        Council.Write(w);
        Guardians.Write(w);
        Dao.Write(w);
        w.I64(TimelockDelaySeconds).I64(MaxPauseSeconds).I64(AttestationWindowSeconds).I64(MaxWatcherActionSeconds);
        Peers.Write(w);
    }

    /// <summary>Reads the canonical encoding.</summary>
    public static GovernanceConfig Read(CanonicalReader r) => new()
    {
        Domain = GovernanceDomain.Read(r), Watchers = RoleSet.Read(r), Council = RoleSet.Read(r), Guardians = RoleSet.Read(r), Dao = RoleSet.Read(r),
        TimelockDelaySeconds = r.I64(), MaxPauseSeconds = r.I64(), AttestationWindowSeconds = r.I64(), MaxWatcherActionSeconds = r.I64(),
        Peers = RoleSet.Read(r),
    };
}

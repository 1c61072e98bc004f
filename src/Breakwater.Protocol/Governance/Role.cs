namespace Breakwater.Protocol.Governance;

/// <summary>Governance roles.</summary>
public enum Role : byte
{
    /// <summary>Monitoring agents: k-of-n attestations trigger bounded actions.</summary>
    Watcher = 0,
    /// <summary>Security council multisig: immediate pauses (which expire) and vetoes of queued operations.</summary>
    Council = 1,
    /// <summary>Pause guardians: any one may switch pause flags on (fast path pauses, slow path resumes).</summary>
    Guardian = 2,
    /// <summary>The DAO: queues timelocked operations (parameters, unpausing, roles, settlement).</summary>
    Dao = 3,
    /// <summary>Trusted peers: other protocols' watchers whose signed threat signals may raise a level by one step.</summary>
    Peer = 4,
}

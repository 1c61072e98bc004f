namespace Breakwater.Protocol.Governance;

/// <summary>A DAO operation behind the timelock (OpenZeppelin TimelockController states: Unset, Waiting, Ready, Done).</summary>
/// <param name="Id">Operation id (the proposal's struct hash), lowercase hex.</param>
/// <param name="Kind">What it does.</param>
/// <param name="Payload">Canonical payload.</param>
/// <param name="Eta">Earliest execution, unix seconds.</param>
public sealed record QueuedOperation(string Id, DaoOperationKind Kind, byte[] Payload, long Eta)
{
    /// <summary>True once executed.</summary>
    public bool Done { get; internal set; }

    /// <summary>The state at <paramref name="now"/>.</summary>
    public OperationState StateAt(long now) => Done ? OperationState.Done
        : now < Eta ? OperationState.Waiting
        : now - Eta > GovernanceLimits.OperationGracePeriodSeconds ? OperationState.Expired
        : OperationState.Ready;
}

/// <summary>Timelock operation states.</summary>
public enum OperationState : byte
{
    /// <summary>Not queued (never, or cancelled).</summary>
    Unset = 0,
    /// <summary>Queued, delay not elapsed.</summary>
    Waiting = 1,
    /// <summary>Delay elapsed, executable.</summary>
    Ready = 2,
    /// <summary>Executed.</summary>
    Done = 3,
    /// <summary>Ready but not executed within <see cref="GovernanceLimits.OperationGracePeriodSeconds"/>: it can no longer run.</summary>
    Expired = 4,
}

using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Events;

/// <summary>A watcher's attestation was counted.</summary>
/// <param name="Market">Market id.</param>
/// <param name="Level">Requested level.</param>
/// <param name="Incident">Incident key, hex.</param>
/// <param name="Signer">Watcher address.</param>
/// <param name="Count">Distinct watchers within the window, this one included.</param>
/// <param name="Threshold">Quorum k.</param>
public sealed record AttestationRecorded(int Market, int Level, string Incident, Address Signer, int Count, int Threshold) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.AttestationRecorded;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32(Market).I32(Level).Str(Incident).Str(Signer.Hex).I32(Count).I32(Threshold);
}

/// <summary>Governance was configured at genesis: the role sets and the timelock the protocol runs under.</summary>
/// <param name="Watchers">Watchers registered.</param>
/// <param name="WatcherThreshold">Distinct watchers whose attestations raise a level (k).</param>
/// <param name="Council">Council members.</param>
/// <param name="CouncilThreshold">Council signatures a pause or veto needs (M).</param>
/// <param name="TimelockDelaySeconds">Delay between a DAO operation's queueing and its execution, seconds.</param>
public sealed record GovernanceConfigured(int Watchers, int WatcherThreshold, int Council, int CouncilThreshold, long TimelockDelaySeconds) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.GovernanceConfigured;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32(Watchers).I32(WatcherThreshold).I32(Council).I32(CouncilThreshold).I64(TimelockDelaySeconds);
}

/// <summary>Who asked for a level floor.</summary>
public enum FloorSource : byte
{
    /// <summary>A quorum (k of n) of the protocol's watchers.</summary>
    WatcherQuorum = 1,
    /// <summary>One trusted peer's signed threat signal.</summary>
    PeerSignal = 2,
}

/// <summary>
/// A watcher quorum or a trusted peer set a bounded level floor on a market (−1: every market, one step each), lapsing
/// at <c>Until</c>.
/// </summary>
/// <param name="Market">Market id, or −1 for a protocol-wide finding.</param>
/// <param name="Level">The floor set (for −1, the level requested; each market gets at most one step above its own).</param>
/// <param name="Until">When the floor lapses (unix seconds).</param>
/// <param name="Source">Watcher quorum or peer signal.</param>
/// <param name="Subject">The attestation key ("market:level:incident") or the peer's alert id.</param>
/// <param name="Signers">Distinct signers counted.</param>
public sealed record LevelFloorRaised(int Market, ResponseLevel Level, long Until, FloorSource Source, string Subject, int Signers) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.LevelFloorRaised;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32(Market).I32((int)Level).I64(Until).U8((byte)Source).Str(Subject).I32(Signers);
}

/// <summary>The council (M of N) or a guardian paused operations; the flags lapse at <c>Until</c> unless the DAO extends them.</summary>
/// <param name="Role">Council or guardian.</param>
/// <param name="Market">Market id, or −1 for protocol-wide.</param>
/// <param name="Flags">Operations paused.</param>
/// <param name="Until">When the pause lapses (unix seconds); 0 when the pause only triggered a liquidity migration.</param>
/// <param name="Digest">The signed message's EIP-712 digest, hex.</param>
/// <param name="Signers">Distinct signers counted.</param>
public sealed record PauseApplied(Role Role, int Market, PauseFlags Flags, long Until, string Digest, int Signers) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.PauseApplied;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.U8((byte)Role).I32(Market).U8((byte)Flags).I64(Until).Str(Digest).I32(Signers);
}

/// <summary>The DAO queued an operation behind the timelock.</summary>
/// <param name="Id">Operation id, hex.</param>
/// <param name="Operation">What it does.</param>
/// <param name="Eta">When it may execute (unix seconds).</param>
/// <param name="Signers">Distinct DAO signers counted.</param>
public sealed record OperationQueued(string Id, DaoOperationKind Operation, long Eta, int Signers) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.OperationQueued;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.Str(Id).U8((byte)Operation).I64(Eta).I32(Signers);
}

/// <summary>A queued DAO operation executed after its timelock.</summary>
/// <param name="Id">Operation id, hex.</param>
/// <param name="Operation">What it did.</param>
public sealed record OperationExecuted(string Id, DaoOperationKind Operation) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.OperationExecuted;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.Str(Id).U8((byte)Operation);
}

/// <summary>Who took a queued operation off the queue.</summary>
public enum OperationRemoval : byte
{
    /// <summary>The security council vetoed it.</summary>
    Vetoed = 1,
    /// <summary>The DAO cancelled its own operation.</summary>
    Cancelled = 2,
}

/// <summary>A queued DAO operation was vetoed by the council or cancelled by the DAO; it will never execute.</summary>
/// <param name="Id">Operation id, hex.</param>
/// <param name="Operation">What it would have done.</param>
/// <param name="How">Vetoed or cancelled.</param>
/// <param name="Signers">Distinct signers counted.</param>
public sealed record OperationRemoved(string Id, DaoOperationKind Operation, OperationRemoval How, int Signers) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.OperationRemoved;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.Str(Id).U8((byte)Operation).U8((byte)How).I32(Signers);
}

/// <summary>A market was settled at a stated price; every position closed at it.</summary>
/// <param name="Market">Market id.</param>
/// <param name="Price">Settlement price, 1e-8 USD.</param>
/// <param name="Positions">Positions closed.</param>
public sealed record MarketSettled(int Market, Price Price, int Positions) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.MarketSettled;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32(Market).I64(Price.Units).I32(Positions);
}

/// <summary>What moved liquidity into the vault.</summary>
public enum MigrationTrigger : byte
{
    /// <summary>A market reached the critical level (4).</summary>
    CriticalLevel = 1,
    /// <summary>The council triggered it early.</summary>
    Council = 2,
}

/// <summary>Protocol-owned liquidity moved from the insurance fund into the timelocked vault.</summary>
/// <param name="Trigger">What moved it.</param>
/// <param name="Market">The market at the critical level, or −1 (council).</param>
/// <param name="Amount">Moved, 1e-6 USD.</param>
/// <param name="Vault">Vault balance after, 1e-6 USD.</param>
/// <param name="InsuranceFund">Insurance fund after, 1e-6 USD.</param>
/// <param name="LockedUntil">Until when the vault is locked (unix seconds).</param>
public sealed record LiquidityMigrated(MigrationTrigger Trigger, int Market, Usd Amount, Usd Vault, Usd InsuranceFund, long LockedUntil) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.LiquidityMigrated;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.U8((byte)Trigger).I32(Market).I64(Amount.Micros).I64(Vault.Micros).I64(InsuranceFund.Micros).I64(LockedUntil);
}

/// <summary>The DAO released liquidity from the vault back to the insurance fund.</summary>
/// <param name="Amount">Released, 1e-6 USD.</param>
/// <param name="Vault">Vault balance after, 1e-6 USD.</param>
/// <param name="InsuranceFund">Insurance fund after, 1e-6 USD.</param>
public sealed record VaultReleased(Usd Amount, Usd Vault, Usd InsuranceFund) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.VaultReleased;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I64(Amount.Micros).I64(Vault.Micros).I64(InsuranceFund.Micros);
}

/// <summary>
/// The DAO approved a recovery by rollback: keep heights up to <c>From</c>, leave out <c>Excluded</c> (and the recovery's
/// own queue and execute transactions), re-apply the rest into a new log. The node carries it out and stops.
/// </summary>
/// <param name="From">H, the last height kept as it was.</param>
/// <param name="Excluded">Heights to leave out, ascending.</param>
public sealed record RecoveryApproved(long From, IReadOnlyList<long> Excluded) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.RecoveryApproved;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w)
    {
        w.I64(From).I32(Excluded.Count);
        foreach (var h in Excluded) w.I64(h);
    }
}

using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Hashing;
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

/// <summary>What a governance action did.</summary>
public enum GovernanceAction : byte
{
    /// <summary>Governance configured at genesis.</summary>
    Configured = 1,
    /// <summary>A watcher quorum set a level floor (Value = level, Until).</summary>
    WatcherLevel = 2,
    /// <summary>The council paused (Value = flags, Until).</summary>
    CouncilPause = 3,
    /// <summary>A guardian paused (Value = flags, Until).</summary>
    GuardianPause = 4,
    /// <summary>The council vetoed a queued operation.</summary>
    Veto = 5,
    /// <summary>A DAO operation was queued (Until = ETA, Value = kind).</summary>
    Queued = 6,
    /// <summary>A DAO operation executed (Value = kind).</summary>
    Executed = 7,
    /// <summary>The market-wide breaker changed level (Value = level; Subject names the decline).</summary>
    MarketWide = 8,
    /// <summary>A trusted peer's threat signal set a level floor (Value = level, Until; Subject = alert id).</summary>
    PeerSignal = 9,
    /// <summary>The DAO cancelled one of its queued operations (Value = kind).</summary>
    Cancelled = 10,
}

/// <summary>
/// A governance action took effect: who (role and how many distinct signers), what, on which market (−1 =
/// protocol-wide), until when, and the operation or digest it concerns.
/// </summary>
/// <param name="Action">What happened.</param>
/// <param name="Market">Market id or −1.</param>
/// <param name="Value">Action-specific value (flags, level or kind).</param>
/// <param name="Until">Lapse or ETA time (unix s), or 0.</param>
/// <param name="Subject">Operation id or message digest, hex.</param>
/// <param name="Signers">Distinct signers counted.</param>
public sealed record GovernanceActionApplied(GovernanceAction Action, int Market, long Value, long Until, string Subject, int Signers) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.GovernanceActionApplied;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.U8((byte)Action).I32(Market).I64(Value).I64(Until).Str(Subject).I32(Signers);
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

using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Hashing;

namespace Breakwater.Protocol.Events;

/// <summary>The protocol switched to signed mode.</summary>
/// <param name="BridgeThreshold">Bridge signatures required per deposit.</param>
/// <param name="BridgeMembers">Bridge signers.</param>
/// <param name="Reporters">Registered reporter keys.</param>
public sealed record AccessConfigured(int BridgeThreshold, int BridgeMembers, int Reporters) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.AccessConfigured;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32(BridgeThreshold).I32(BridgeMembers).I32(Reporters);
}

/// <summary>An address received its account id at its first bridge deposit.</summary>
/// <param name="Account">The new account id.</param>
/// <param name="Owner">The address that signs for it.</param>
public sealed record AccountBound(long Account, Address Owner) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.AccountBound;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I64(Account).Str(Owner.Hex);
}

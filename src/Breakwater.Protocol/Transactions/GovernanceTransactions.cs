using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Markets;

namespace Breakwater.Protocol.Transactions;

/// <summary>Sets the governance configuration; accepted once, before any governance message.</summary>
/// <param name="Config">The configuration.</param>
public sealed record ConfigureGovernance(GovernanceConfig Config) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.ConfigureGovernance;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => Config.Write(w);
}

/// <summary>One watcher's signed attestation.</summary>
/// <param name="Message">The attestation.</param>
/// <param name="Signature">65-byte r‖s‖v over the EIP-712 signing hash.</param>
public sealed record SubmitAttestation(AttestationMessage Message, byte[] Signature) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.SubmitAttestation;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w)
    {
        var m = Message;
        w.I32(m.Market).I32(m.Level).Bytes(m.Incident).I64(m.DurationSeconds).I64(m.Nonce).I64(m.Expiry).Bytes(Signature);
    }
}

/// <summary>A pause signed by council members (threshold) or by one guardian.</summary>
/// <param name="Role"><see cref="Governance.Role.Council"/> or <see cref="Governance.Role.Guardian"/>.</param>
/// <param name="Message">The pause.</param>
/// <param name="Signatures">65-byte signatures.</param>
public sealed record SubmitPause(Role Role, PauseMessage Message, IReadOnlyList<byte[]> Signatures) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.SubmitPause;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w)
    {
        var m = Message;
        w.U8((byte)Role).I32(m.Market).U8((byte)m.Flags).I64(m.DurationSeconds).I64(m.Nonce).I64(m.Expiry);
        GovernanceCodec.WriteSignatures(w, Signatures);
    }
}

/// <summary>A council veto of a queued operation.</summary>
/// <param name="Message">The veto.</param>
/// <param name="Signatures">65-byte signatures.</param>
public sealed record SubmitVeto(VetoMessage Message, IReadOnlyList<byte[]> Signatures) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.SubmitVeto;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w)
    {
        w.Bytes(Message.Operation).I64(Message.Nonce).I64(Message.Expiry);
        GovernanceCodec.WriteSignatures(w, Signatures);
    }
}

/// <summary>The DAO cancels one of its queued operations at once (DAO threshold).</summary>
/// <param name="Message">The cancel.</param>
/// <param name="Signatures">65-byte signatures of DAO signers.</param>
public sealed record CancelOperation(CancelMessage Message, IReadOnlyList<byte[]> Signatures) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.CancelOperation;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w)
    {
        w.Bytes(Message.Operation).I64(Message.Nonce).I64(Message.Expiry);
        GovernanceCodec.WriteSignatures(w, Signatures);
    }
}

/// <summary>Queues a DAO operation behind the timelock.</summary>
/// <param name="Message">The proposal.</param>
/// <param name="Signatures">65-byte signatures of DAO signers.</param>
public sealed record QueueOperation(ProposalMessage Message, IReadOnlyList<byte[]> Signatures) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.QueueOperation;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w)
    {
        w.U8((byte)Message.Kind).Bytes(Message.Payload).I64(Message.Nonce).I64(Message.Expiry);
        GovernanceCodec.WriteSignatures(w, Signatures);
    }
}

/// <summary>Executes a ready operation (anyone may send it).</summary>
/// <param name="Operation">Operation id, 32 bytes.</param>
public sealed record ExecuteOperation(byte[] Operation) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.ExecuteOperation;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.Bytes(Operation);
}

/// <summary>A threat signal from a trusted peer.</summary>
/// <param name="Message">The signal.</param>
/// <param name="Signature">65-byte r‖s‖v by the peer.</param>
public sealed record SubmitThreatSignal(ThreatSignalMessage Message, byte[] Signature) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.SubmitThreatSignal;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w)
    {
        var m = Message;
        w.Str(m.AlertId).I32(m.Market).I32(m.Level).I32(m.Severity).I64(m.Sequence).I64(m.Expiry).Str(m.ChainId).Bytes(Signature);
    }
}

internal static class GovernanceCodec
{
    public static void WriteSignatures(CanonicalWriter w, IReadOnlyList<byte[]> sigs)
    {
        w.I32(sigs.Count);
        foreach (var s in sigs) w.Bytes(s);
    }

    public static List<byte[]> ReadSignatures(CanonicalReader r)
    {
        var n = r.I32();
        if (n is < 0 or > 256) throw new FormatException($"signature count {n} out of range");
        var list = new List<byte[]>(n);
        for (var i = 0; i < n; i++) list.Add(r.Bytes());
        return list;
    }

    public static Transaction Read(TxKind kind, CanonicalReader r) => kind switch
    {
        TxKind.ConfigureGovernance => new ConfigureGovernance(GovernanceConfig.Read(r)),
        TxKind.SubmitAttestation => new SubmitAttestation(new AttestationMessage(r.I32(), r.I32(), r.Bytes(), r.I64(), r.I64(), r.I64()), r.Bytes()),
        TxKind.SubmitPause => new SubmitPause((Role)r.U8(), new PauseMessage(r.I32(), (PauseFlags)r.U8(), r.I64(), r.I64(), r.I64()), ReadSignatures(r)),
        TxKind.SubmitVeto => new SubmitVeto(new VetoMessage(r.Bytes(), r.I64(), r.I64()), ReadSignatures(r)),
        TxKind.CancelOperation => new CancelOperation(new CancelMessage(r.Bytes(), r.I64(), r.I64()), ReadSignatures(r)),
        TxKind.QueueOperation => new QueueOperation(new ProposalMessage((DaoOperationKind)r.U8(), r.Bytes(), r.I64(), r.I64()), ReadSignatures(r)),
        TxKind.ExecuteOperation => new ExecuteOperation(r.Bytes()),
        TxKind.SubmitThreatSignal => new SubmitThreatSignal(new ThreatSignalMessage(r.Str(), r.I32(), r.I32(), r.I32(), r.I64(), r.I64(), r.Str()), r.Bytes()),
        _ => throw new FormatException($"unknown transaction kind {(byte)kind}"),
    };
}

using Breakwater.Protocol.Markets;

namespace Breakwater.Protocol.Governance;

/// <summary>
/// The typed-data schemas of governance messages. Every message carries a nonce (so identical intents sign to
/// different digests) and an expiry (unix seconds); a digest is accepted once.
/// </summary>
public static class MessageTypes
{
    /// <summary>A watcher's attestation that a market needs level ≥ <c>level</c> (1 elevated margin, 2 reduce-only, 3 halt) for an incident.</summary>
    public const string Attestation = "Attestation(uint256 market,uint256 level,bytes32 incident,uint256 durationSeconds,uint256 nonce,uint256 expiry)";

    /// <summary>Switch pause flags on for a market (−1 = protocol-wide) for a duration; signed by council members or one guardian.</summary>
    public const string Pause = "Pause(int256 market,uint256 flags,uint256 durationSeconds,uint256 nonce,uint256 expiry)";

    /// <summary>Council veto of a queued DAO operation.</summary>
    public const string Veto = "Veto(bytes32 operation,uint256 nonce,uint256 expiry)";

    /// <summary>The DAO's immediate cancel of one of its own queued operations (no timelock: cancelling only takes power away).</summary>
    public const string Cancel = "Cancel(bytes32 operation,uint256 nonce,uint256 expiry)";

    /// <summary>
    /// A threat signal from another protocol's watcher (the signed core of a Forta-compatible alert): the alert id, the
    /// market here it concerns, the level it asks for (1–3), its severity (0 info … 4 critical), the publisher's sequence
    /// number, an expiry, and the CAIP-2 id of the chain it was observed on.
    /// </summary>
    public const string ThreatSignal = "ThreatSignal(string alertId,uint256 market,uint256 level,uint256 severity,uint256 sequence,uint256 expiry,string chainId)";

    /// <summary>A DAO operation to queue behind the timelock; its struct hash is the operation id.</summary>
    public const string Proposal = "Proposal(uint256 kind,bytes payload,uint256 nonce,uint256 expiry)";
}

/// <summary>A watcher attestation.</summary>
/// <param name="Market">Market id.</param>
/// <param name="Level">Requested level, 1–3.</param>
/// <param name="Incident">32-byte incident key (the dedup key of the finding).</param>
/// <param name="DurationSeconds">How long the action should last (capped by governance).</param>
/// <param name="Nonce">Any unique number.</param>
/// <param name="Expiry">Unix seconds after which the message is void.</param>
public sealed record AttestationMessage(int Market, int Level, byte[] Incident, long DurationSeconds, long Nonce, long Expiry)
{
    /// <summary>hashStruct of the message.</summary>
    public byte[] StructHash(Eip712 e) => e.HashStruct(MessageTypes.Attestation, Eip712.Word(Market), Eip712.Word(Level), Eip712.Bytes32(Incident),
        Eip712.Word(DurationSeconds), Eip712.Word(Nonce), Eip712.Word(Expiry));
}

/// <summary>A pause (council multisig or a single guardian).</summary>
/// <param name="Market">Market id, or −1 for protocol-wide.</param>
/// <param name="Flags">Flags to switch on.</param>
/// <param name="DurationSeconds">Requested duration (capped by governance).</param>
/// <param name="Nonce">Any unique number.</param>
/// <param name="Expiry">Unix seconds after which the message is void.</param>
public sealed record PauseMessage(int Market, PauseFlags Flags, long DurationSeconds, long Nonce, long Expiry)
{
    /// <summary>hashStruct of the message.</summary>
    public byte[] StructHash(Eip712 e) => e.HashStruct(MessageTypes.Pause, Eip712.Word(Market), Eip712.Word((long)Flags), Eip712.Word(DurationSeconds), Eip712.Word(Nonce), Eip712.Word(Expiry));
}

/// <summary>A council veto.</summary>
/// <param name="Operation">The queued operation id (32 bytes).</param>
/// <param name="Nonce">Any unique number.</param>
/// <param name="Expiry">Unix seconds after which the message is void.</param>
public sealed record VetoMessage(byte[] Operation, long Nonce, long Expiry)
{
    /// <summary>hashStruct of the message.</summary>
    public byte[] StructHash(Eip712 e) => e.HashStruct(MessageTypes.Veto, Eip712.Bytes32(Operation), Eip712.Word(Nonce), Eip712.Word(Expiry));
}

/// <summary>A DAO fast-cancel.</summary>
/// <param name="Operation">The queued operation id (32 bytes).</param>
/// <param name="Nonce">Any unique number.</param>
/// <param name="Expiry">Unix seconds after which the message is void.</param>
public sealed record CancelMessage(byte[] Operation, long Nonce, long Expiry)
{
    /// <summary>hashStruct of the message.</summary>
    public byte[] StructHash(Eip712 e) => e.HashStruct(MessageTypes.Cancel, Eip712.Bytes32(Operation), Eip712.Word(Nonce), Eip712.Word(Expiry));
}

/// <summary>A DAO proposal.</summary>
/// <param name="Kind">Operation kind.</param>
/// <param name="Payload">Canonical payload (see <see cref="DaoOperationKind"/>).</param>
/// <param name="Nonce">Any unique number.</param>
/// <param name="Expiry">Unix seconds after which the message is void.</param>
public sealed record ProposalMessage(DaoOperationKind Kind, byte[] Payload, long Nonce, long Expiry)
{
    /// <summary>hashStruct of the message: also the operation id.</summary>
    public byte[] StructHash(Eip712 e) => e.HashStruct(MessageTypes.Proposal, Eip712.Word((long)Kind), e.BytesWord(Payload), Eip712.Word(Nonce), Eip712.Word(Expiry));
}

/// <summary>The signed core of a threat signal.</summary>
/// <param name="AlertId">Alert id, e.g. "BREAKWATER-ORACLE-DIVERGENCE".</param>
/// <param name="Market">Market id on this protocol.</param>
/// <param name="Level">Requested level, 1–3.</param>
/// <param name="Severity">0 info, 1 low, 2 medium, 3 high, 4 critical.</param>
/// <param name="Sequence">Publisher's sequence number.</param>
/// <param name="Expiry">Unix seconds after which the signal is void.</param>
/// <param name="ChainId">CAIP-2 chain id, e.g. "eip155:1".</param>
public sealed record ThreatSignalMessage(string AlertId, int Market, int Level, int Severity, long Sequence, long Expiry, string ChainId)
{
    /// <summary>
    /// The domain a signal for <paramref name="receiver"/> is signed under: name "Breakwater Threat Signal", version "1", and
    /// the receiving protocol's chain id and verifying contract. A signal names the one protocol it is meant for, so a
    /// relay cannot replay it at another protocol that trusts the same publisher key.
    /// </summary>
    public static GovernanceDomain DomainFor(GovernanceDomain receiver) => new("Breakwater Threat Signal", "1", receiver.ChainId, receiver.VerifyingContract);

    /// <summary>hashStruct of the message.</summary>
    public byte[] StructHash(Eip712 e) => e.HashStruct(MessageTypes.ThreatSignal, e.StringWord(AlertId), Eip712.Word(Market), Eip712.Word(Level), Eip712.Word(Severity),
        Eip712.Word(Sequence), Eip712.Word(Expiry), e.StringWord(ChainId));
}

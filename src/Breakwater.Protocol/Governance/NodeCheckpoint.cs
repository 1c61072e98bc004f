namespace Breakwater.Protocol.Governance;

/// <summary>
/// A node's signed checkpoint: EIP-712 <c>Checkpoint(uint256 height,uint256 events,bytes32 head)</c> under the domain
/// name "Breakwater Node", version "1", chain id 0, verifying contract 0x0, signed by the node's key after every committed
/// batch. Anyone holding one can later prove what the node had committed: a log that no longer reaches that height, or
/// reaches it with another head, was rewritten. Keccak-256 and signer recovery come through the crypto port.
/// </summary>
public static class NodeCheckpoint
{
    /// <summary>The type string.</summary>
    public const string Type = "Checkpoint(uint256 height,uint256 events,bytes32 head)";

    /// <summary>The domain.</summary>
    public static readonly GovernanceDomain Domain = new("Breakwater Node", "1", 0, Address.Parse("0x0000000000000000000000000000000000000000"));

    /// <summary>The signing hash of a checkpoint.</summary>
    /// <param name="crypto">Keccak-256 for the EIP-712 hashing.</param>
    /// <param name="height">Transactions applied.</param>
    /// <param name="events">Events in the chain.</param>
    /// <param name="head">Chain head, 64 hex digits.</param>
    /// <exception cref="FormatException">a head that is not 32 bytes of hex.</exception>
    public static byte[] Digest(ISignatureVerifier crypto, long height, long events, string head)
    {
        var e = new Eip712(crypto);
        var h = Convert.FromHexString(head);
        if (h.Length != 32) throw new FormatException($"checkpoint head must be 32 bytes, not {h.Length}");
        return e.SigningHash(Domain, e.HashStruct(Type, Eip712.Word(height), Eip712.Word(events), h));
    }

    /// <summary>Signs a checkpoint: 65-byte r‖s‖v.</summary>
    public static byte[] Sign(ISignatureVerifier crypto, IMessageSigner key, long height, long events, string head) => key.Sign(Digest(crypto, height, events, head));

    /// <summary>Who signed a checkpoint, or null for a malformed signature.</summary>
    public static Address? Signer(ISignatureVerifier crypto, long height, long events, string head, byte[] signature)
        => crypto.RecoverAddress(Digest(crypto, height, events, head), signature) is { } a ? Address.FromBytes(a) : null;
}

namespace Breakwater.Protocol.Governance;

/// <summary>
/// A key that signs 32-byte digests (secp256k1, Ethereum's r‖s‖v with low s), supplied from outside the core like
/// <see cref="ISignatureVerifier"/>: the node's checkpoint key is one.
/// </summary>
public interface IMessageSigner
{
    /// <summary>The key's 20-byte Ethereum address.</summary>
    Address Address { get; }

    /// <summary>The 65-byte r‖s‖v signature of <paramref name="digest"/> (32 bytes).</summary>
    byte[] Sign(ReadOnlySpan<byte> digest);
}

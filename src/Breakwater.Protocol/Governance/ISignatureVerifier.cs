namespace Breakwater.Protocol.Governance;

/// <summary>
/// The two pure functions governance needs from Ethereum cryptography, supplied from outside the core (which
/// depends on nothing but the base library): Keccak-256 and secp256k1 signer recovery. Both are deterministic.
/// </summary>
public interface ISignatureVerifier
{
    /// <summary>Keccak-256 (Ethereum's, not NIST SHA3) of <paramref name="data"/>: 32 bytes.</summary>
    byte[] Keccak256(ReadOnlySpan<byte> data);

    /// <summary>
    /// The 20-byte address that signed the 32-byte <paramref name="digest"/> with the 65-byte r‖s‖v
    /// <paramref name="signature"/>, or null when the signature is malformed or has a high s (malleated).
    /// </summary>
    byte[]? RecoverAddress(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature);
}

using Breakwater.Protocol.Governance;

namespace Breakwater.Crypto;

/// <summary>The core's <see cref="ISignatureVerifier"/> backed by BouncyCastle's Keccak and secp256k1.</summary>
public sealed class EthereumVerifier : ISignatureVerifier
{
    /// <summary>A shared instance (stateless).</summary>
    public static readonly EthereumVerifier Instance = new();

    /// <inheritdoc />
    public byte[] Keccak256(ReadOnlySpan<byte> data) => Keccak.Hash(data);

    /// <inheritdoc />
    public byte[]? RecoverAddress(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature) => Secp256k1.Recover(digest, signature);
}

using Breakwater.Protocol.Governance;

namespace Breakwater.Crypto;

/// <summary>The core's <see cref="ISignatureVerifier"/>: Keccak-256 from BouncyCastle, signer recovery through libsecp256k1 when installed, else BouncyCastle.</summary>
public sealed class EthereumVerifier : ISignatureVerifier
{
    /// <summary>A shared instance (stateless).</summary>
    public static readonly EthereumVerifier Instance = new();

    /// <inheritdoc />
    public byte[] Keccak256(ReadOnlySpan<byte> data) => Keccak.Hash(data);

    /// <inheritdoc />
    /// <remarks>Through libsecp256k1 when it is installed (<see cref="NativeSecp256k1"/>), else the managed BouncyCastle path.</remarks>
    public byte[]? RecoverAddress(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
        => NativeSecp256k1.IsAvailable ? NativeSecp256k1.Recover(digest, signature) : Secp256k1.Recover(digest, signature);
}

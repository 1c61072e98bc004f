using Org.BouncyCastle.Crypto.Digests;

namespace Breakwater.Crypto;

/// <summary>Keccak-256 as Ethereum uses it (the original Keccak padding, not NIST SHA3-256), from BouncyCastle.</summary>
public static class Keccak
{
    /// <summary>The 32-byte Keccak-256 of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var d = new KeccakDigest(256);
        var input = data.ToArray();
        d.BlockUpdate(input, 0, input.Length);
        var output = new byte[32];
        d.DoFinal(output, 0);
        return output;
    }
}

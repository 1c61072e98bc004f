using System.Globalization;
using System.Numerics;

namespace Breakwater.Testing;

/// <summary>Signature forgeries the tests expect to be refused.</summary>
public static class Signatures
{
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", NumberStyles.HexNumber);

    /// <summary>
    /// The malleated twin of a 65-byte r ‖ s ‖ v signature: s' = n − s (secp256k1's order) and v flipped (27 ↔ 28). It
    /// recovers the same signer mathematically; EIP-2 and OpenZeppelin's ECDSA refuse it for its high s.
    /// </summary>
    public static byte[] HighS(byte[] sig)
    {
        var s = new BigInteger(sig.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var high = (N - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var twin = (byte[])sig.Clone();
        Array.Clear(twin, 32, 32);
        high.CopyTo(twin, 64 - high.Length);
        twin[64] = (byte)(sig[64] == 27 ? 28 : 27);
        return twin;
    }
}

namespace Breakwater.Crypto.Tests;

/// <summary>libsecp256k1 (installed by test.sh) against the managed BouncyCastle path, signature by signature.</summary>
public class NativeSecp256k1Tests
{
    [Fact]
    public void Native_IsInstalledAndLoads() => Assert.True(NativeSecp256k1.IsAvailable, "libsecp256k1.so.1 did not load: test.sh installs Debian's libsecp256k1-1");

    [Fact]
    public void Native_RecoversTheSameAddressAsManaged_On200Signatures()
    {
        var rng = new Random(20261122);
        for (var i = 0; i < 200; i++)
        {
            var key = Keccak.Hash(BitConverter.GetBytes(i * 7919 + 1));
            var digest = new byte[32];
            rng.NextBytes(digest);
            var sig = Secp256k1.Sign(digest, key);
            var expected = Secp256k1.AddressOf(key);
            Assert.Equal(expected, Secp256k1.Recover(digest, sig));
            Assert.Equal(expected, NativeSecp256k1.Recover(digest, sig));
            // v as 0/1 is accepted by both; a wrong digest recovers someone else.
            sig[64] -= 27;
            Assert.Equal(expected, NativeSecp256k1.Recover(digest, sig));
            digest[0] ^= 1;
            Assert.NotEqual(expected, NativeSecp256k1.Recover(digest, sig));
        }
    }

    [Fact]
    public void Native_RefusesWhatManagedRefuses()
    {
        var key = Keccak.Hash("k"u8);
        var digest = Keccak.Hash("m"u8);
        var sig = Secp256k1.Sign(digest, key);
        // High s: s' = n − s recovers the same key on the curve, so only the rule stops it (EIP-2).
        var n = System.Numerics.BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);
        var s = new System.Numerics.BigInteger(sig.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var high = (byte[])sig.Clone();
        (n - s).ToByteArray(isUnsigned: true, isBigEndian: true).CopyTo(high.AsSpan(32 + 32 - (n - s).GetByteCount(isUnsigned: true)));
        high[64] = (byte)(sig[64] == 27 ? 28 : 27);
        var bad = new[] { high, sig[..64], Enumerable.Repeat((byte)0, 65).ToArray(), [.. sig[..64], 29] };
        foreach (var b in bad)
        {
            Assert.Null(Secp256k1.Recover(digest, b));
            Assert.Null(NativeSecp256k1.Recover(digest, b));
        }
    }
}

using System.Numerics;

namespace Breakwater.Crypto.Tests;

public class Secp256k1Tests
{
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    [Fact]
    public void SignThenRecover_RoundTripsForRandomKeys()
    {
        for (var i = 0; i < 20; i++)
        {
            var key = Secp256k1.NewPrivateKey();
            var digest = Keccak.Hash(BitConverter.GetBytes(i));
            var sig = Secp256k1.Sign(digest, key);
            Assert.Equal(Secp256k1.AddressOf(key), Secp256k1.Recover(digest, sig));
        }
    }

    [Fact]
    public void Recover_HighS_IsRejected()
    {
        var key = Secp256k1.NewPrivateKey();
        var digest = Keccak.Hash([1, 2, 3]);
        var sig = Secp256k1.Sign(digest, key);
        // The malleated twin (r, n − s, v flipped) is valid ECDSA but high-s: refused.
        var s = new BigInteger(sig.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var high = (N - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var twin = sig.ToArray();
        Array.Clear(twin, 32, 32);
        high.CopyTo(twin, 64 - high.Length);
        twin[64] = (byte)(sig[64] == 27 ? 28 : 27);
        Assert.Null(Secp256k1.Recover(digest, twin));
    }

    [Fact]
    public void Recover_OtherDigest_GivesAnotherAddress()
    {
        var key = Secp256k1.NewPrivateKey();
        var sig = Secp256k1.Sign(Keccak.Hash([1]), key);
        Assert.NotEqual(Secp256k1.AddressOf(key), Secp256k1.Recover(Keccak.Hash([2]), sig));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(66)]
    public void Recover_WrongLength_IsNull(int length) => Assert.Null(Secp256k1.Recover(new byte[32], new byte[length]));

    [Fact]
    public void Keccak_Empty_IsTheKnownValue()
        => Assert.Equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Hex.Format(Keccak.Hash([])));
}

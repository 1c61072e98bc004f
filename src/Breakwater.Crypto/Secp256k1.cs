using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Security;

namespace Breakwater.Crypto;

/// <summary>
/// secp256k1 ECDSA the way Ethereum uses it: deterministic nonces (RFC 6979, HMAC-SHA256), 65-byte r‖s‖v
/// signatures with v ∈ {27, 28}, low-s (s ≤ n/2, EIP-2) on signing and required on verification, and public-key
/// recovery to a 20-byte address (the last 20 bytes of Keccak-256 of the uncompressed key). Curve arithmetic is
/// BouncyCastle's; only the recovery formula Q = r⁻¹(sR − eG) (SEC 1 v2, §4.1.6) is written here.
/// </summary>
public static class Secp256k1
{
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");
    private static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);
    private static readonly BigInteger HalfN = Curve.N.ShiftRight(1);

    /// <summary>A new random private key (32 bytes) from the system's CSPRNG.</summary>
    public static byte[] NewPrivateKey()
    {
        var rng = new SecureRandom();
        while (true)
        {
            var k = new byte[32];
            rng.NextBytes(k);
            var d = new BigInteger(1, k);
            if (d.SignValue > 0 && d.CompareTo(Curve.N) < 0) return k;
        }
    }

    /// <summary>Checks a private key is in [1, n−1].</summary>
    public static bool IsValidPrivateKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32) return false;
        var d = new BigInteger(1, key.ToArray());
        return d.SignValue > 0 && d.CompareTo(Curve.N) < 0;
    }

    /// <summary>The Ethereum address (20 bytes) of a private key.</summary>
    /// <exception cref="ArgumentException">not a valid key.</exception>
    public static byte[] AddressOf(ReadOnlySpan<byte> privateKey)
    {
        if (!IsValidPrivateKey(privateKey)) throw new ArgumentException("not a secp256k1 private key", nameof(privateKey));
        var q = Domain.G.Multiply(new BigInteger(1, privateKey.ToArray())).Normalize();
        return AddressOfPoint(q);
    }

    private static byte[] AddressOfPoint(ECPoint q)
    {
        var encoded = q.GetEncoded(false); // 0x04 ‖ X ‖ Y
        return Keccak.Hash(encoded.AsSpan(1))[12..];
    }

    /// <summary>Signs a 32-byte digest: returns r‖s‖v (65 bytes), s low, v = 27 + recovery id.</summary>
    /// <exception cref="ArgumentException">bad key or digest length.</exception>
    public static byte[] Sign(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> privateKey)
    {
        if (digest.Length != 32) throw new ArgumentException("digest must be 32 bytes", nameof(digest));
        if (!IsValidPrivateKey(privateKey)) throw new ArgumentException("not a secp256k1 private key", nameof(privateKey));
        var d = new BigInteger(1, privateKey.ToArray());
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, new ECPrivateKeyParameters(d, Domain));
        var rs = signer.GenerateSignature(digest.ToArray());
        BigInteger r = rs[0], s = rs[1];
        if (s.CompareTo(HalfN) > 0) s = Curve.N.Subtract(s);
        var expected = AddressOf(privateKey);
        for (byte id = 0; id < 2; id++)
        {
            var candidate = RecoverPoint(digest, r, s, id);
            if (candidate is not null && AddressOfPoint(candidate).AsSpan().SequenceEqual(expected))
                return [.. To32(r), .. To32(s), (byte)(27 + id)];
        }
        throw new InvalidOperationException("no recovery id reproduces the signing key");
    }

    /// <summary>
    /// Recovers the signer's address from a 65-byte r‖s‖v signature (v ∈ {0, 1, 27, 28}). Returns null for a
    /// malformed signature, r or s out of range, a high s (malleated), or no valid point.
    /// </summary>
    public static byte[]? Recover(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        if (digest.Length != 32 || signature.Length != 65) return null;
        var v = signature[64];
        var id = v >= 27 ? v - 27 : v;
        if (id is < 0 or > 1) return null;
        var r = new BigInteger(1, signature[..32].ToArray());
        var s = new BigInteger(1, signature[32..64].ToArray());
        if (r.SignValue <= 0 || r.CompareTo(Curve.N) >= 0 || s.SignValue <= 0 || s.CompareTo(HalfN) > 0) return null;
        var q = RecoverPoint(digest, r, s, id);
        return q is null ? null : AddressOfPoint(q);
    }

    private static ECPoint? RecoverPoint(ReadOnlySpan<byte> digest, BigInteger r, BigInteger s, int recoveryId)
    {
        // R has x = r (the r ≥ p − n overflow case has negligible probability and is not produced by Sign).
        var x = r;
        if (x.CompareTo(Curve.Curve.Field.Characteristic) >= 0) return null;
        var compressed = new byte[33];
        compressed[0] = (byte)(recoveryId == 1 ? 0x03 : 0x02);
        To32(x).CopyTo(compressed, 1);
        ECPoint rPoint;
        try { rPoint = Curve.Curve.DecodePoint(compressed); }
        catch (ArgumentException) { return null; }
        if (!rPoint.Multiply(Curve.N).IsInfinity) return null;
        var e = new BigInteger(1, digest.ToArray());
        var rInv = r.ModInverse(Curve.N);
        var eNeg = Curve.N.Subtract(e.Mod(Curve.N)).Mod(Curve.N);
        var q = ECAlgorithms.SumOfTwoMultiplies(Domain.G, eNeg.Multiply(rInv).Mod(Curve.N), rPoint, s.Multiply(rInv).Mod(Curve.N)).Normalize();
        return q.IsInfinity ? null : q;
    }

    private static byte[] To32(BigInteger v)
    {
        var bytes = v.ToByteArrayUnsigned();
        var out32 = new byte[32];
        bytes.CopyTo(out32, 32 - bytes.Length);
        return out32;
    }
}

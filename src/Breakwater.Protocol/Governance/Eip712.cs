using System.Text;

namespace Breakwater.Protocol.Governance;

/// <summary>
/// EIP-712 encoding of the protocol's own fixed-schema messages (https://eips.ethereum.org/EIPS/eip-712):
/// hashStruct = keccak(keccak(typeString) ‖ 32-byte words), signing hash = keccak(0x19 0x01 ‖ domainSeparator ‖ hashStruct).
/// Words: uint256 big-endian, int256 two's complement, address left-padded, bytes32 as is, string/bytes as their keccak.
/// </summary>
public sealed class Eip712(ISignatureVerifier crypto)
{
    /// <summary>The domain type string.</summary>
    public const string DomainType = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

    /// <summary>A uint256/int256 word from a 64-bit integer (negative as two's complement).</summary>
    public static byte[] Word(long value)
    {
        var w = new byte[32];
        if (value < 0) Array.Fill(w, (byte)0xFF);
        for (var i = 0; i < 8; i++) w[31 - i] = unchecked((byte)(value >> (8 * i)));
        return w;
    }

    /// <summary>An address word.</summary>
    public static byte[] Word(Address a) => [.. new byte[12], .. a.ToBytes()];

    /// <summary>A bytes32 word.</summary>
    /// <exception cref="ArgumentException">not 32 bytes.</exception>
    public static byte[] Bytes32(ReadOnlySpan<byte> b) => b.Length == 32 ? b.ToArray() : throw new ArgumentException("bytes32 must be 32 bytes");

    /// <summary>The word of a dynamic <c>bytes</c> value: its keccak.</summary>
    public byte[] BytesWord(ReadOnlySpan<byte> b) => crypto.Keccak256(b);

    /// <summary>The word of a <c>string</c>: keccak of its UTF-8.</summary>
    public byte[] StringWord(string s) => crypto.Keccak256(Encoding.UTF8.GetBytes(s));

    // Type hashes and domain separators are pure functions of constants: memoized so that each message costs two Keccak
    // calls (its struct and its signing hash), not seven. Bounded by the number of types and domains a process meets.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> TypeHashes = new(StringComparer.Ordinal);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<GovernanceDomain, byte[]> Separators = new();

    /// <summary>hashStruct for a type string and its words in field order.</summary>
    public byte[] HashStruct(string typeString, params byte[][] words)
    {
        var buffer = new byte[32 * (words.Length + 1)];
        TypeHashes.GetOrAdd(typeString, t => crypto.Keccak256(Encoding.UTF8.GetBytes(t))).CopyTo(buffer, 0);
        for (var i = 0; i < words.Length; i++) words[i].CopyTo(buffer, 32 * (i + 1));
        return crypto.Keccak256(buffer);
    }

    /// <summary>The domain separator.</summary>
    public byte[] DomainSeparator(GovernanceDomain d)
        => Separators.Count < 1_024
            ? (byte[])Separators.GetOrAdd(d, x => HashStruct(DomainType, StringWord(x.Name), StringWord(x.Version), Word(x.ChainId), Word(x.VerifyingContract))).Clone()
            : HashStruct(DomainType, StringWord(d.Name), StringWord(d.Version), Word(d.ChainId), Word(d.VerifyingContract));

    /// <summary>keccak(0x19 0x01 ‖ domainSeparator ‖ structHash).</summary>
    public byte[] SigningHash(GovernanceDomain d, ReadOnlySpan<byte> structHash)
        => crypto.Keccak256([0x19, 0x01, .. DomainSeparator(d), .. structHash]);
}

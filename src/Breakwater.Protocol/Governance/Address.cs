namespace Breakwater.Protocol.Governance;

/// <summary>A 20-byte Ethereum address, held as lowercase 0x-hex (42 characters).</summary>
/// <param name="Hex">Lowercase 0x-prefixed hex.</param>
public readonly record struct Address(string Hex) : IComparable<Address>
{
    /// <summary>From 20 raw bytes.</summary>
    /// <exception cref="ArgumentException">not 20 bytes.</exception>
    public static Address FromBytes(ReadOnlySpan<byte> bytes)
        => bytes.Length == 20 ? new("0x" + Convert.ToHexStringLower(bytes)) : throw new ArgumentException("an address is 20 bytes", nameof(bytes));

    /// <summary>Parses 0x-hex in any case.</summary>
    /// <exception cref="FormatException">not 0x followed by 40 hex digits.</exception>
    public static Address Parse(string text)
    {
        if (text.Length != 42 || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || !text.AsSpan(2).ContainsOnlyHex())
            throw new FormatException($"'{text}' is not a 20-byte 0x-hex address");
        return new("0x" + text[2..].ToLowerInvariant());
    }

    /// <summary>The 20 raw bytes.</summary>
    public byte[] ToBytes() => Convert.FromHexString(Hex.AsSpan(2));

    /// <inheritdoc />
    public int CompareTo(Address other) => string.CompareOrdinal(Hex, other.Hex);

    /// <summary>Ordinal order of the lowercase hex (the order signer sets and the guard's sorted signatures use).</summary>
    public static bool operator <(Address a, Address b) => a.CompareTo(b) < 0;

    /// <summary>Ordinal order of the lowercase hex.</summary>
    public static bool operator >(Address a, Address b) => a.CompareTo(b) > 0;

    /// <summary>Ordinal order of the lowercase hex.</summary>
    public static bool operator <=(Address a, Address b) => a.CompareTo(b) <= 0;

    /// <summary>Ordinal order of the lowercase hex.</summary>
    public static bool operator >=(Address a, Address b) => a.CompareTo(b) >= 0;

    /// <inheritdoc />
    public override string ToString() => Hex;
}

internal static class HexSpanExtensions
{
    public static bool ContainsOnlyHex(this ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }
}

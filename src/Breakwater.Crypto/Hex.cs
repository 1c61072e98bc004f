namespace Breakwater.Crypto;

/// <summary>0x-prefixed hex helpers.</summary>
public static class Hex
{
    /// <summary>Parses hex with or without 0x.</summary>
    /// <exception cref="FormatException">not hex; names <paramref name="where"/>.</exception>
    public static byte[] Parse(string text, string where = "value")
    {
        var s = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        try { return Convert.FromHexString(s); }
        catch (FormatException) { throw new FormatException($"{where}: '{text}' is not hex"); }
    }

    /// <summary>Lowercase 0x hex.</summary>
    public static string Format(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);
}

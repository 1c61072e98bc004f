using System.Globalization;
using System.Numerics;

namespace Breakwater.Protocol.Numerics;

/// <summary>Exact decimal formatting and parsing of scaled integers (no floating point).</summary>
public static class FixedFormat
{
    /// <summary>Formats <paramref name="units"/> scaled by 10^<paramref name="decimals"/> as a decimal string.</summary>
    public static string Format(long units, int decimals)
    {
        var negative = units < 0;
        var abs = BigInteger.Abs(units);
        var pow = BigInteger.Pow(10, decimals);
        var whole = BigInteger.DivRem(abs, pow, out var frac);
        var text = decimals == 0
            ? whole.ToString(CultureInfo.InvariantCulture)
            : whole.ToString(CultureInfo.InvariantCulture) + "." + frac.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0');
        return negative ? "-" + text : text;
    }

    /// <summary>
    /// Parses a plain decimal (optional sign, digits, optional '.' and digits, optional exponent
    /// such as "4e-05") into units scaled by 10^<paramref name="decimals"/>.
    /// </summary>
    /// <exception cref="FormatException">not a number, more precision than the scale holds, or out of range.</exception>
    public static long Parse(string text, int decimals)
    {
        if (!TryParse(text, decimals, out var units, out var error)) throw new FormatException(error);
        return units;
    }

    /// <summary>
    /// Parses like <see cref="Parse"/>; digits beyond the scale are an error unless
    /// <paramref name="roundTo"/> is given, in which case they are rounded in that direction.
    /// </summary>
    public static bool TryParse(string text, int decimals, out long units, out string error, Rounding? roundTo = null)
    {
        units = 0;
        error = "";
        var s = text.Trim();
        if (s.Length == 0) { error = "empty number"; return false; }
        var exp = 0;
        var e = s.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            if (!int.TryParse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exp))
            { error = $"'{text}' is not a number"; return false; }
            s = s[..e];
        }
        var negative = false;
        if (s.StartsWith('-')) { negative = true; s = s[1..]; }
        else if (s.StartsWith('+')) s = s[1..];
        var dot = s.IndexOf('.');
        var intPart = dot >= 0 ? s[..dot] : s;
        var fracPart = dot >= 0 ? s[(dot + 1)..] : "";
        if ((intPart.Length == 0 && fracPart.Length == 0) || !IsDigits(intPart) || !IsDigits(fracPart))
        { error = $"'{text}' is not a number"; return false; }
        // Bounds before any big-integer work: a hostile "1e100000000" must cost nothing.
        if (intPart.Length + fracPart.Length > MaxDigits) { error = $"'{Shorten(text)}' has more than {MaxDigits} digits"; return false; }
        var significant = (intPart + fracPart).TrimStart('0');
        if (significant.Length == 0) return true; // zero, whatever the exponent
        var shift = (long)decimals - fracPart.Length + exp;
        if (significant.Length + shift > 19) { error = $"'{Shorten(text)}' is out of range"; return false; }
        var digits = BigInteger.Parse(significant, CultureInfo.InvariantCulture);
        BigInteger value;
        if (shift >= 0) value = digits * BigInteger.Pow(10, (int)shift);
        else
        {
            // Below one unit of the scale the quotient is 0 and the remainder the digits themselves.
            BigInteger rem;
            if (-shift > significant.Length) { value = BigInteger.Zero; rem = digits; }
            else value = BigInteger.DivRem(digits, BigInteger.Pow(10, (int)-shift), out rem);
            if (!rem.IsZero)
            {
                if (roundTo is null) { error = $"'{Shorten(text)}' has more than {decimals} decimals"; return false; }
                // digits are non-negative here; the sign is applied after, so pick the magnitude direction.
                var up = negative ? roundTo == Rounding.Floor : roundTo == Rounding.Ceiling;
                if (up) value += 1;
            }
        }
        if (negative) value = -value;
        if (value > long.MaxValue || value < long.MinValue) { error = $"'{text}' is out of range"; return false; }
        units = (long)value;
        return true;
    }

    /// <summary>Most digits a number may have (integer and fraction parts together).</summary>
    public const int MaxDigits = 64;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "…";

    private static bool IsDigits(string s)
    {
        foreach (var c in s) if (c is < '0' or > '9') return false;
        return true;
    }
}

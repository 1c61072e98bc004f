namespace Breakwater.Protocol.Numerics;

/// <summary>
/// Integer arithmetic helpers for the fixed-point core. Products go through <see cref="Int128"/>
/// so that no intermediate wraps; results that do not fit a <see cref="long"/> throw
/// <see cref="OverflowException"/> (checked), never wrap.
/// </summary>
public static class FixedMath
{
    /// <summary>Computes (a × b) / divisor with the given rounding.</summary>
    /// <exception cref="DivideByZeroException">divisor is zero.</exception>
    /// <exception cref="OverflowException">the result does not fit a 64-bit integer.</exception>
    public static long MulDiv(long a, long b, long divisor, Rounding rounding)
        => Div((Int128)a * b, divisor, rounding);

    /// <summary>Divides a 128-bit numerator by a 64-bit divisor with the given rounding.</summary>
    /// <exception cref="DivideByZeroException">divisor is zero.</exception>
    /// <exception cref="OverflowException">the result does not fit a 64-bit integer.</exception>
    public static long Div(Int128 numerator, long divisor, Rounding rounding)
        => checked((long)Div128(numerator, divisor, rounding));

    /// <summary>Divides two 128-bit integers with the given rounding, returning a 128-bit quotient.</summary>
    /// <exception cref="DivideByZeroException">divisor is zero.</exception>
    public static Int128 Div128(Int128 numerator, Int128 divisor, Rounding rounding)
    {
        if (divisor == 0) throw new DivideByZeroException("fixed-point division by zero");
        // Most operands fit 64 bits (a product of two fixed-point values divided by a scale often does not, the result
        // does): one hardware division then, instead of the two 128-bit ones (quotient and remainder) below. Same result.
        if (numerator >= long.MinValue + 1 && numerator <= long.MaxValue && divisor >= long.MinValue + 1 && divisor <= long.MaxValue)
            return Round(Math.DivRem((long)numerator, (long)divisor), (numerator < 0) != (divisor < 0), rounding);
        return Round(Int128.DivRem(numerator, divisor), (numerator < 0) != (divisor < 0), rounding);
    }

    // The quotient truncated toward zero, moved one step when the exact result was not whole and the rounding asks for it.
    private static T Round<T>((T Quotient, T Remainder) division, bool exactIsNegative, Rounding rounding) where T : System.Numerics.IBinaryInteger<T>
    {
        var (q, r) = division;
        if (T.IsZero(r)) return q;
        if (rounding == Rounding.Floor && exactIsNegative) return q - T.One;
        if (rounding == Rounding.Ceiling && !exactIsNegative) return q + T.One;
        return q;
    }

    /// <summary>Integer square root, ⌊√n⌋, for n ≥ 0 (Newton's method on integers).</summary>
    /// <exception cref="ArgumentOutOfRangeException">n is negative.</exception>
    public static long ISqrt(Int128 n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), "square root of a negative number");
        if (n < 2) return (long)n;
        Int128 x = n;
        Int128 y = (x + 1) / 2;
        while (y < x)
        {
            x = y;
            y = (x + n / x) / 2;
        }
        return checked((long)x);
    }

    /// <summary>Clamps a value into [min, max].</summary>
    public static long Clamp(long value, long min, long max) => value < min ? min : value > max ? max : value;
}

namespace Breakwater.Protocol.Numerics;

/// <summary>
/// A dimensionless ratio in parts per million (1_000_000 = 100 %). Used for margin fractions,
/// fees, bands and multipliers (a multiplier of 1.5× is 1_500_000).
/// </summary>
/// <param name="Ppm">The ratio in 1e-6.</param>
public readonly record struct Fraction(long Ppm) : IComparable<Fraction>
{
    /// <summary>Parts per unit (1e6).</summary>
    public const long Scale = 1_000_000;

    /// <summary>Zero.</summary>
    public static readonly Fraction Zero = new(0);

    /// <summary>One (100 %, or a 1× multiplier).</summary>
    public static readonly Fraction One = new(Scale);

    /// <summary>A percentage given in basis points (1 bp = 0.01 %).</summary>
    public static Fraction FromBasisPoints(long bps) => new(checked(bps * 100));

    /// <summary>A percentage (5 → 5 %).</summary>
    public static Fraction FromPercent(long percent) => new(checked(percent * 10_000));

    /// <summary>Applies this fraction to a dollar amount with the given rounding.</summary>
    public Usd Of(Usd amount, Rounding rounding) => new(FixedMath.MulDiv(amount.Micros, Ppm, Scale, rounding));

    /// <summary>Product of two fractions.</summary>
    public Fraction Times(Fraction other, Rounding rounding) => new(FixedMath.MulDiv(Ppm, other.Ppm, Scale, rounding));

    /// <summary>Compares.</summary>
    public static bool operator <(Fraction a, Fraction b) => a.Ppm < b.Ppm;

    /// <summary>Compares.</summary>
    public static bool operator >(Fraction a, Fraction b) => a.Ppm > b.Ppm;

    /// <summary>Compares.</summary>
    public static bool operator <=(Fraction a, Fraction b) => a.Ppm <= b.Ppm;

    /// <summary>Compares.</summary>
    public static bool operator >=(Fraction a, Fraction b) => a.Ppm >= b.Ppm;

    /// <inheritdoc />
    public int CompareTo(Fraction other) => Ppm.CompareTo(other.Ppm);

    /// <summary>Formats as a decimal ratio ("0.050000").</summary>
    public override string ToString() => FixedFormat.Format(Ppm, 6);
}

namespace Breakwater.Protocol.Numerics;

/// <summary>
/// A price in USD per whole base unit, at 1e-8 USD precision (the precision of Chainlink USD feeds).
/// A valid price is strictly positive and at most <see cref="MaxUnits"/> (1e10 USD).
/// </summary>
/// <param name="Units">The price in 1e-8 USD per base unit.</param>
public readonly record struct Price(long Units) : IComparable<Price>
{
    /// <summary>Units per dollar (1e8).</summary>
    public const long Scale = 100_000_000;

    /// <summary>The largest price the protocol accepts: 1e10 USD per base unit.</summary>
    public const long MaxUnits = 10_000_000_000L * Scale;

    /// <summary>True when the price is in (0, <see cref="MaxUnits"/>].</summary>
    public bool IsValid => Units > 0 && Units <= MaxUnits;

    /// <summary>Parses a decimal price ("83.05", "4e-05"); digits beyond 1e-8 are rounded in the given direction.</summary>
    /// <exception cref="FormatException">not a number.</exception>
    public static Price Parse(string text, Rounding rounding = Rounding.Floor)
    {
        if (!FixedFormat.TryParse(text, 8, out var units, out var error, rounding)) throw new FormatException(error);
        return new Price(units);
    }

    /// <summary>Whole dollars to a price.</summary>
    public static Price FromDollars(long dollars) => new(checked(dollars * Scale));

    /// <summary>Compares prices.</summary>
    public static bool operator <(Price a, Price b) => a.Units < b.Units;

    /// <summary>Compares prices.</summary>
    public static bool operator >(Price a, Price b) => a.Units > b.Units;

    /// <summary>Compares prices.</summary>
    public static bool operator <=(Price a, Price b) => a.Units <= b.Units;

    /// <summary>Compares prices.</summary>
    public static bool operator >=(Price a, Price b) => a.Units >= b.Units;

    /// <summary>Scales the price by a fraction (ppm), rounding as stated.</summary>
    public Price Times(Fraction f, Rounding rounding) => new(FixedMath.MulDiv(Units, f.Ppm, Fraction.Scale, rounding));

    /// <inheritdoc />
    public int CompareTo(Price other) => Units.CompareTo(other.Units);

    /// <summary>Formats as dollars with eight decimals.</summary>
    public override string ToString() => FixedFormat.Format(Units, 8);

}

namespace Breakwater.Protocol.Numerics;

/// <summary>
/// A signed quantity of the base asset at 1e-8 base units (positive = long, negative = short).
/// Valid order sizes are at most <see cref="MaxUnits"/> (1e10 whole units) in absolute value.
/// </summary>
/// <param name="Units">The quantity in 1e-8 base units.</param>
public readonly record struct Size(long Units) : IComparable<Size>
{
    /// <summary>Units per whole base unit (1e8).</summary>
    public const long Scale = 100_000_000;

    /// <summary>The largest absolute size in one transaction: 1e10 whole units.</summary>
    public const long MaxUnits = 10_000_000_000L * Scale;

    /// <summary>Zero.</summary>
    public static readonly Size Zero = new(0);

    /// <summary>Absolute value.</summary>
    public Size Abs => new(Math.Abs(Units));

    /// <summary>−1, 0 or +1.</summary>
    public int Sign => Math.Sign(Units);

    /// <summary>True when zero.</summary>
    public bool IsZero => Units == 0;

    /// <summary>Adds (checked).</summary>
    public static Size operator +(Size a, Size b) => new(checked(a.Units + b.Units));

    /// <summary>Subtracts (checked).</summary>
    public static Size operator -(Size a, Size b) => new(checked(a.Units - b.Units));

    /// <summary>Negates (checked).</summary>
    public static Size operator -(Size a) => new(checked(-a.Units));

    /// <summary>Compares.</summary>
    public static bool operator <(Size a, Size b) => a.Units < b.Units;

    /// <summary>Compares.</summary>
    public static bool operator >(Size a, Size b) => a.Units > b.Units;

    /// <summary>Compares.</summary>
    public static bool operator <=(Size a, Size b) => a.Units <= b.Units;

    /// <summary>Compares.</summary>
    public static bool operator >=(Size a, Size b) => a.Units >= b.Units;

    /// <summary>Parses a decimal quantity; digits beyond 1e-8 are rounded in the given direction.</summary>
    /// <exception cref="FormatException">not a number.</exception>
    public static Size Parse(string text, Rounding rounding = Rounding.Floor)
    {
        if (!FixedFormat.TryParse(text, 8, out var units, out var error, rounding)) throw new FormatException(error);
        return new Size(units);
    }

    /// <inheritdoc />
    public int CompareTo(Size other) => Units.CompareTo(other.Units);

    /// <summary>Formats with eight decimals.</summary>
    public override string ToString() => FixedFormat.Format(Units, 8);
}

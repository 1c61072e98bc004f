namespace Breakwater.Protocol.Numerics;

/// <summary>
/// An amount of US dollars in micro-dollars (1 unit = 1e-6 USD), signed.
/// Range ±9.2e12 USD; arithmetic is checked.
/// </summary>
/// <param name="Micros">The amount in 1e-6 USD.</param>
public readonly record struct Usd(long Micros) : IComparable<Usd>
{
    /// <summary>Units per dollar (1e6).</summary>
    public const long Scale = 1_000_000;

    /// <summary>The largest single amount the protocol takes (a deposit, a withdrawal, a trade's notional): 1e12 USD, in 1e-6 USD.</summary>
    public const long MaxAmountMicros = 1_000_000_000_000L * Scale;

    /// <summary>Zero dollars.</summary>
    public static readonly Usd Zero = new(0);

    /// <summary>Whole dollars to <see cref="Usd"/>.</summary>
    /// <exception cref="OverflowException">the amount does not fit.</exception>
    public static Usd FromDollars(long dollars) => new(checked(dollars * Scale));

    /// <summary>True when strictly below zero.</summary>
    public bool IsNegative => Micros < 0;

    /// <summary>Adds two amounts (checked).</summary>
    public static Usd operator +(Usd a, Usd b) => new(checked(a.Micros + b.Micros));

    /// <summary>Subtracts two amounts (checked).</summary>
    public static Usd operator -(Usd a, Usd b) => new(checked(a.Micros - b.Micros));

    /// <summary>Negates an amount (checked).</summary>
    public static Usd operator -(Usd a) => new(checked(-a.Micros));

    /// <summary>Compares amounts.</summary>
    public static bool operator <(Usd a, Usd b) => a.Micros < b.Micros;

    /// <summary>Compares amounts.</summary>
    public static bool operator >(Usd a, Usd b) => a.Micros > b.Micros;

    /// <summary>Compares amounts.</summary>
    public static bool operator <=(Usd a, Usd b) => a.Micros <= b.Micros;

    /// <summary>Compares amounts.</summary>
    public static bool operator >=(Usd a, Usd b) => a.Micros >= b.Micros;

    /// <summary>The smaller of two amounts.</summary>
    public static Usd Min(Usd a, Usd b) => a.Micros <= b.Micros ? a : b;

    /// <summary>The larger of two amounts.</summary>
    public static Usd Max(Usd a, Usd b) => a.Micros >= b.Micros ? a : b;

    /// <inheritdoc />
    public int CompareTo(Usd other) => Micros.CompareTo(other.Micros);

    /// <summary>Formats as dollars with six decimals, invariant culture (e.g. "-12.500000").</summary>
    public override string ToString() => FixedFormat.Format(Micros, 6);


    /// <summary>Parses a decimal dollar string ("123.45") exactly; more than 6 decimals is an error.</summary>
    /// <exception cref="FormatException">the text is not a plain decimal number with at most 6 decimals.</exception>
    public static Usd Parse(string text) => new(FixedFormat.Parse(text, 6));
}

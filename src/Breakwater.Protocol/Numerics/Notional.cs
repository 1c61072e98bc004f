namespace Breakwater.Protocol.Numerics;

/// <summary>
/// Conversions between size × price and dollars. A size (1e-8) times a price (1e-8 USD) is
/// 1e-16 USD; dividing by <see cref="Divisor"/> (1e10) gives micro-dollars.
/// </summary>
public static class Notional
{
    /// <summary>1e10: (Size.Scale × Price.Scale) / Usd.Scale.</summary>
    public const long Divisor = 10_000_000_000L;

    /// <summary>Signed value size × price in USD, rounded as stated.</summary>
    public static Usd Value(Size size, Price price, Rounding rounding)
        => new(FixedMath.MulDiv(size.Units, price.Units, Divisor, rounding));

    /// <summary>Absolute notional |size| × price in USD, rounded as stated.</summary>
    public static Usd Of(Size size, Price price, Rounding rounding)
        => new(FixedMath.MulDiv(Math.Abs(size.Units), price.Units, Divisor, rounding));

    /// <summary>Signed size × (to − from): the PnL of holding <paramref name="size"/> across a price change.</summary>
    public static Usd PnL(Size size, Price from, Price to, Rounding rounding)
        => new(FixedMath.MulDiv(size.Units, checked(to.Units - from.Units), Divisor, rounding));
}

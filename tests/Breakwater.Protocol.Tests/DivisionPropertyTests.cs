using System.Numerics;
using Breakwater.Protocol.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace Breakwater.Protocol.Tests;

public class DivisionPropertyTests
{
    // floor / ceiling of n / d, worked with BigInteger (no shortcut shared with the code under test).
    private static BigInteger Reference(BigInteger n, BigInteger d, Rounding rounding)
    {
        var q = BigInteger.DivRem(n, d, out var r);
        if (r.IsZero) return q;
        var negative = n.Sign * d.Sign < 0;
        return rounding switch
        {
            Rounding.Floor when negative => q - 1,
            Rounding.Ceiling when !negative => q + 1,
            _ => q,
        };
    }

    [Fact]
    public void Div128_MatchesBigIntegerRounding_OnSixtyFourAndOneHundredTwentyEightBitOperands()
    {
        // Operands on both sides of the 64-bit fast path: small, near long.MaxValue/MinValue, and products beyond 64 bits.
        var edges = Gen.Elements(0L, 1L, -1L, 7L, -7L, long.MaxValue, long.MinValue, long.MaxValue - 1, long.MinValue + 1, 10_000_000_000L, -999_999L);
        var any = Gen.OneOf(edges, Gen.Choose(int.MinValue, int.MaxValue).Select(i => (long)i), Gen.Choose(int.MinValue, int.MaxValue).Select(i => (long)i * 4_294_967_311L));
        var cases = any.Zip(any).Zip(any.Zip(Gen.Elements(Rounding.Floor, Rounding.Ceiling)))
            .Select(t => (A: t.Item1.Item1, B: t.Item1.Item2, D: t.Item2.Item1, R: t.Item2.Item2));
        var wide = 0;
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            if (c.D == 0) return;
            // A single operand (64-bit path) and a product (usually past 64 bits).
            foreach (var n in new[] { (Int128)c.A, (Int128)c.A * c.B })
            {
                if (n > long.MaxValue || n < long.MinValue) wide++;
                Assert.Equal(Reference((BigInteger)n, c.D, c.R), (BigInteger)FixedMath.Div128(n, c.D, c.R));
            }
        }).Check(Seeded.Config(3_000));
        Assert.True(wide > 500, $"only {wide} numerators past 64 bits");
    }
}

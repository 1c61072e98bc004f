using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Tests;

public class NumericsTests
{
    [Theory]
    [InlineData(7, 1, 2, Rounding.Floor, 3)]
    [InlineData(7, 1, 2, Rounding.Ceiling, 4)]
    [InlineData(-7, 1, 2, Rounding.Floor, -4)]
    [InlineData(-7, 1, 2, Rounding.Ceiling, -3)]
    [InlineData(6, 1, 2, Rounding.Ceiling, 3)]
    public void MulDiv_RoundsInTheStatedDirection(long a, long b, long d, Rounding r, long expected)
        => Assert.Equal(expected, FixedMath.MulDiv(a, b, d, r));

    [Fact]
    public void MulDiv_ResultTooLarge_Throws()
        => Assert.Throws<OverflowException>(() => FixedMath.MulDiv(long.MaxValue, 4, 2, Rounding.Floor));

    [Fact]
    public void ISqrt_IsFloorOfRoot()
    {
        Assert.Equal(3, FixedMath.ISqrt(15));
        Assert.Equal(4, FixedMath.ISqrt(16));
        Assert.Equal(1_000_000_000_000L, FixedMath.ISqrt((Int128)1_000_000_000_000L * 1_000_000_000_000L));
    }

    [Fact]
    public void Price_Parse_HandlesExponentAndRounding()
    {
        Assert.Equal(4_000, Price.Parse("4e-05").Units);
        Assert.Equal(8_305_000_000, Price.Parse("83.05").Units);
        Assert.Equal(1, Price.Parse("0.000000001", Rounding.Ceiling).Units);
        Assert.Equal(0, Price.Parse("0.000000001", Rounding.Floor).Units);
        Assert.Throws<FormatException>(() => Price.Parse("NaN"));
        Assert.Throws<FormatException>(() => Price.Parse("1.2.3"));
    }

    [Fact]
    public void Usd_FormatsExactly() => Assert.Equal("-12.500000", new Usd(-12_500_000).ToString());

    [Fact]
    public void Notional_OneBtcAtTenThousand_IsTenThousandDollars()
        => Assert.Equal(Usd.FromDollars(10_000), Notional.Of(new Size(Size.Scale), Price.FromDollars(10_000), Rounding.Floor));
}

using Breakwater.Lab.Replay;

namespace Breakwater.Lab.Tests;

/// <summary>The behaviour pass's skip filter, worked by hand: it must let through every trader 2 % beyond the price at which it reacts.</summary>
public class TraderBehaviorPassTests
{
    [Fact]
    public void Long_IsCheckedFromTwoPercentAboveItsMarginBoundary()
    {
        // 10 units bought at $1,000 ($10,000 basis) on $1,000 collateral: zero equity at (10,000 − 1,000) / 10 = $900.
        // With q = 10 % it reacts below 900 / 0.9 = $1,000; plus 2 %: checked from $1,020 down.
        Assert.Equal(900, TraderBehaviorPass.Boundary(10, 10_000, 1_000), 9);
        Assert.Equal(900, TraderBehaviorPass.Threshold(1_020, 0.10, isLong: true), 9);
        Assert.True(TraderBehaviorPass.Threshold(1_020.5, 0.10, isLong: true) > 900);
    }

    [Fact]
    public void Short_IsCheckedFromTwoPercentBelowItsMarginBoundary()
    {
        // 10 units sold at $1,000 (basis −$10,000) on $1,000 collateral: zero equity at (1,000 + 10,000) / 10 = $1,100.
        // With q = 10 % it reacts above 1,100 / 1.1 = $1,000; less 2 %: checked from $980 up.
        Assert.Equal(1_100, TraderBehaviorPass.Boundary(-10, -10_000, 1_000), 9);
        Assert.Equal(1_100, TraderBehaviorPass.Threshold(980, 0.10, isLong: false), 9);
        Assert.True(TraderBehaviorPass.Threshold(979.5, 0.10, isLong: false) < 1_100);
    }

    [Theory]
    [InlineData(10, 10_000, 1_000, 90)]     // a long owes 10 × $9
    [InlineData(-10, -10_000, 1_000, -90)]  // a short is owed 10 × $9
    public void FundingSettledSince_MovesTheBoundaryByItsAmountPerUnit(double size, double basis, double collateral, double owed)
    {
        // The index moved by $9 per unit: the boundary with the owed amount taken from the collateral is the boundary
        // without it plus 9, for either side, so a pass need not reread the account when only funding moved.
        Assert.Equal(TraderBehaviorPass.Boundary(size, basis, collateral) + 9, TraderBehaviorPass.Boundary(size, basis, collateral - owed), 9);
    }

    [Fact]
    public void NoPositionOrQAtOne_AlwaysChecksExactly()
    {
        Assert.True(double.IsNaN(TraderBehaviorPass.Boundary(0, 0, 1_000)));
        Assert.Equal(double.NegativeInfinity, TraderBehaviorPass.Threshold(1_000, 1.0, isLong: true));
        Assert.Equal(double.PositiveInfinity, TraderBehaviorPass.Threshold(1_000, 1.0, isLong: false));
    }
}

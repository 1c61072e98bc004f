using Breakwater.Lab.Replay;

namespace Breakwater.Lab.Tests;

/// <summary>The behaviour pass's skip bound, worked by hand: it must sit 2 % beyond the price at which a trader reacts.</summary>
public class TraderBehaviorPassTests
{
    [Fact]
    public void Long_ReactionBoundIsTheMarginBoundaryPlusTwoPercent()
    {
        // 10 units bought at $1,000 ($10,000 basis) on $1,000 collateral, q = 10 %: at $1,000 equity is $1,000 on $10,000
        // notional, exactly 10 %. (10,000 − 1,000) / (10 × 0.9) = 1,000, plus 2 %: 1,020.
        Assert.Equal(1_020, TraderBehaviorPass.ReactionLimit(10, 10_000, 1_000, 0.10), 9);
    }

    [Fact]
    public void Short_ReactionBoundIsTheMarginBoundaryLessTwoPercent()
    {
        // 10 units sold at $1,000 (basis −$10,000) on $1,000 collateral, q = 10 %: at $1,000 equity is again $1,000 on
        // $10,000. (1,000 + 10,000) / (10 × 1.1) = 1,000, less 2 %: 980.
        Assert.Equal(980, TraderBehaviorPass.ReactionLimit(-10, -10_000, 1_000, 0.10), 9);
    }

    [Theory]
    [InlineData(10, 10_000, 1_000, 90, 1_030.2)]     // a long owes 10 × $9: (10,000 − 910) / 9 = 1,010, plus 2 %
    [InlineData(-10, -10_000, 1_000, -90, 988.018)]   // a short is owed $90: (1,090 + 10,000) / 11 = 1,008.18, less 2 %
    public void FundingSettledSince_MovesTheBoundLikeTheOwedAmountInTheCollateral(double size, double basis, double collateral, double owed, double expected)
    {
        // The index moved by $9 per unit; the shifted bound equals the bound computed with the owed amount taken from the
        // collateral, so a pass need not reread the account when only funding moved.
        var q = 0.10;
        var direct = TraderBehaviorPass.ReactionLimit(size, basis, collateral - owed, q);
        Assert.Equal(expected, direct, 3);
        Assert.Equal(direct, TraderBehaviorPass.ShiftedLimit(TraderBehaviorPass.ReactionLimit(size, basis, collateral, q), 9, q, size > 0), 9);
    }

    [Theory]
    [InlineData(0, 0, 1_000, 0.1)]
    [InlineData(10, 10_000, 1_000, 1.0)]
    public void NoPositionOrQAtOne_AlwaysChecksExactly(double size, double basis, double collateral, double q)
        => Assert.True(double.IsNaN(TraderBehaviorPass.ReactionLimit(size, basis, collateral, q)));
}

using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Margin;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

/// <summary>
/// Funding: the BitMEX/Hyperliquid rate worked by hand, settled into the cumulative index only at a Valid oracle, owed in
/// margin at once and realized to the micro-dollar when a position changes.
/// </summary>
public class FundingTests
{
    // TestBook starts at 1,700,000,000 = 800 s into an hour, so the first interval ends at 1,700,002,800.
    private const long FirstSettlement = 1_700_002_800;

    private static TestBook Book(MarketParams? p = null)
    {
        var b = new TestBook(p);
        b.Deposit(1, 50_000); b.Deposit(2, 50_000); b.Deposit(3, 50_000);
        b.Buy(2, 1, 10, 10_000); // 2 long 10 BTC, 1 short 10
        b.Buy(3, 1, 3, 10_000);  // 3 long 3 BTC, 1 short 13
        return b;
    }

    private static Usd Total(TestBook b) => b.Engine.State.Accounts.Values.Aggregate(b.Engine.State.InsuranceFund, (s, a) => s + a.Collateral);

    [Theory]
    [InlineData(0, 12_500)]                  // interest only: 0.01 % / 8 h paid hourly
    [InlineData(3_000_000, 312_500)]         // P = 0.3 %: F = 0.3 % − 0.05 % (clamped) = 0.25 % / 8 h = 0.03125 % an hour
    [InlineData(-1_000_000, -62_500)]        // P = −0.1 %: I − P = 0.11 %, clamped to 0.05 %: F = −0.05 % / 8 h
    [InlineData(500_000_000, 40_000_000)]    // P = 50 %: capped at 4 % an hour
    [InlineData(-500_000_000, -40_000_000)]
    public void Rate_FollowsTheBitmexFormula_ScaledToTheHourAndCapped(long premiumPpb, long ratePpb)
        => Assert.Equal(ratePpb, FundingHandler.Rate(premiumPpb, new FundingParams()));

    private static Usd Equity(TestBook b, long account) => MarginCalculator.Compute(b.Engine.State.Accounts[account], b.Engine.State.Markets).Equity;

    private static void AssertConserved(TestBook b)
        => Assert.Equal(b.Engine.State.TotalDeposits - b.Engine.State.TotalWithdrawals + b.Engine.State.SocializedLoss, b.Engine.State.ClaimsPlusFunds());

    [Fact]
    public void OneHourAtTheIndex_MovesTheIndex_MarginCountsItAtOnce_CollateralMovesWhenThePositionDoes()
    {
        var b = Book();
        var before = (One: b.Collateral(1), Two: b.Collateral(2), Three: b.Collateral(3), Total: Total(b));
        var equity = (One: Equity(b, 1), Two: Equity(b, 2), Three: Equity(b, 3));
        while (b.Time + 60 < FirstSettlement) Assert.Empty(b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(10_000)), 60).Events.OfType<FundingSettled>());
        var settled = Assert.Single(b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(10_000)), FirstSettlement - b.Time).Events.OfType<FundingSettled>());
        // 12,500 ppb of $100,000 = $1.25 (account 2); of $30,000 = $0.375 (account 3); account 1 receives both. The index
        // moves by $10,000 (1e12 units) × 12,500 ppb = 1.25e16 (1e-17 USD per unit).
        Assert.Equal((12_500L, 0L, 1_699_999_200L, 3), (settled.RatePpb, settled.PremiumPpb, settled.IntervalStart, settled.Positions));
        Assert.Equal((new Usd(1_625_000), new Size(13 * Size.Scale), (Int128)12_500_000_000_000_000), (settled.Paid, settled.OpenInterest, settled.CumulativeIndex));
        Assert.Equal((before.One, before.Two, before.Three), (b.Collateral(1), b.Collateral(2), b.Collateral(3)));
        Assert.Equal((equity.One + new Usd(1_625_000), equity.Two - new Usd(1_250_000), equity.Three - new Usd(375_000)), (Equity(b, 1), Equity(b, 2), Equity(b, 3)));
        // Account 2 sells its 10 BTC to account 3 at the mark: both positions change, so both realize; account 1's waits.
        b.Buy(3, 2, 10, 10_000);
        Assert.Equal((before.Two - new Usd(1_250_000), before.Three - new Usd(375_000)), (b.Collateral(2), b.Collateral(3)));
        Assert.Equal(new Usd(1_625_000), b.Engine.State.FundingPool);
        Assert.Equal(before.Total, Total(b) + b.Engine.State.FundingPool);
        // A newcomer buys 1 BTC from account 1 after the settlement: it owes nothing for the past hour, and account 1's
        // short changes, so it realizes the $1.625 it was owed and the pool is back to zero.
        b.Deposit(4, 50_000);
        b.Buy(4, 1, 1, 10_000);
        Assert.Equal((Usd.FromDollars(50_000), Usd.Zero), (b.Collateral(4), b.Engine.State.Accounts[4].PositionIn(TestBook.Btc)!.FundingOwed(b.Engine.State.Markets[TestBook.Btc].Funding.CumulativeIndex)));
        Assert.Equal((before.One + new Usd(1_625_000), Usd.Zero), (b.Collateral(1), b.Engine.State.FundingPool));
        AssertConserved(b);
    }

    [Fact]
    public void ThreeIntervalsAtThreeMarks_RealizeTheirSumOnce()
    {
        // Interest only (the mark follows the single source, so the premium is zero): 12,500 ppb an hour of 10 BTC at
        // $10,000, $12,000 and $8,000 is $1.25 + $1.50 + $1.00 = $3.75, paid when the position closes.
        var b = new TestBook();
        b.Deposit(1, 50_000); b.Deposit(2, 50_000);
        b.Buy(2, 1, 10, 10_000);
        var before = (One: b.Collateral(1), Two: b.Collateral(2));
        long[] marks = [10_000, 12_000, 8_000];
        for (var i = 0; i < marks.Length; i++)
        {
            b.Mark(marks[i], advance: FirstSettlement + i * 3_600 - 5 - b.Time);
            Assert.Equal(marks[i] * Price.Scale, b.Engine.State.Markets[TestBook.Btc].Mark.Units);
            Assert.Equal(12_500L, Assert.Single(b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(marks[i])), 5).Events.OfType<FundingSettled>()).RatePpb);
        }
        Assert.Equal(before, (b.Collateral(1), b.Collateral(2)));
        b.Buy(1, 2, 10, 8_000); // both close at $8,000: account 2 loses $20,000 on the price and pays $3.75 of funding
        Assert.Equal((before.One + Usd.FromDollars(20_000) + new Usd(3_750_000), before.Two - Usd.FromDollars(20_000) - new Usd(3_750_000)), (b.Collateral(1), b.Collateral(2)));
        Assert.Equal(Usd.Zero, b.Engine.State.FundingPool);
        AssertConserved(b);
    }

    [Fact]
    public void Rounding_PayersRoundUpReceiversDown_TheDustStaysInTheFundingPool()
    {
        // 0.00001 BTC at $10,000 = $0.10; 12,500 ppb of it is 1.25 µ$: the payer pays 2 µ$ and the receiver gets 1 when they close.
        var b = new TestBook();
        b.Deposit(1, 1_000); b.Deposit(2, 1_000);
        b.Ok(new Trade(TestBook.Btc, 2, 1, new Size(1_000), Price.FromDollars(10_000)));
        var before = (One: b.Collateral(1), Two: b.Collateral(2), Fund: b.Engine.State.InsuranceFund);
        var settled = Assert.Single(b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(10_000)), FirstSettlement - b.Time).Events.OfType<FundingSettled>());
        Assert.Equal(new Usd(1), settled.Paid); // 1.25 µ$ rounded down: the event's total is before the per-position rounding
        Assert.Equal((new Usd(1), new Usd(2)), (Equity(b, 1) - before.One, before.Two - Equity(b, 2)));
        b.Ok(new Trade(TestBook.Btc, 1, 2, new Size(1_000), Price.FromDollars(10_000)));
        Assert.Equal((before.One + new Usd(1), before.Two - new Usd(2)), (b.Collateral(1), b.Collateral(2)));
        Assert.Equal((new Usd(1), before.Fund), (b.Engine.State.FundingPool, b.Engine.State.InsuranceFund));
        AssertConserved(b);
    }

    [Fact]
    public void DueWhileTheOracleIsNotValid_WaitsForAValidReport_AndSamplesNoPremiumMeanwhile()
    {
        // Grading on: a +30 % single-source print is TooVolatile until confirmed (600 s), so the mark stays at $10,000.
        var p = TestBook.Plain() with { Oracle = TestBook.Plain().Oracle with { TooVolatileBand = Fraction.FromPercent(5), ConfirmationSeconds = 3_600 } };
        var b = Book(p);
        b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(13_000)), FirstSettlement - 30 - b.Time);
        var graded = b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(13_000)), 60);
        Assert.Equal(OracleValidity.TooVolatile, b.Engine.State.Markets[TestBook.Btc].Validity);
        Assert.Empty(graded.Events.OfType<FundingSettled>());
        // Back at the index: settles now, with the interest rate alone (the TooVolatile stretch had a −23 % "premium").
        var settled = Assert.Single(b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(10_000)), 60).Events.OfType<FundingSettled>());
        Assert.Equal((0L, 12_500L), (settled.PremiumPpb, settled.RatePpb));
    }

    [Fact]
    public void FundingOff_NeverSettles()
    {
        var b = Book(TestBook.Plain() with { Funding = new FundingParams { IntervalSeconds = 0 } });
        for (var i = 0; i < 10; i++) Assert.Empty(b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(10_000)), 3_600).Events.OfType<FundingSettled>());
    }

    /// <summary>The funding column of the permission table, one row per grade: only Valid settles; the others wait for it.</summary>
    [Theory]
    [InlineData(OracleValidity.Diverging)]
    [InlineData(OracleValidity.InsufficientSources)]
    [InlineData(OracleValidity.Stale)]
    public void PermissionTable_FundingWaitsOnEveryGradeButValid(OracleValidity grade)
    {
        var oracle = TestBook.Plain().Oracle with { SourceCount = 2, Quorum = grade == OracleValidity.InsufficientSources ? 2 : 1, MaxReportAgeSeconds = 120, DivergenceBand = Fraction.FromPercent(1) };
        var b = Book(TestBook.Plain() with { Oracle = oracle });
        ApplyResult due;
        switch (grade)
        {
            case OracleValidity.Diverging: // the two sources 3 % apart
                b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(10_000)), FirstSettlement - 1 - b.Time);
                due = b.Ok(new OracleReport(TestBook.Btc, 1, Price.FromDollars(10_300)), 1);
                break;
            case OracleValidity.InsufficientSources: // source 1 silent past 120 s; quorum 2
                b.Ok(new OracleReport(TestBook.Btc, 1, Price.FromDollars(10_000)), FirstSettlement - 200 - b.Time);
                due = b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(10_000)), 200);
                break;
            default: // every source silent past 120 s: the tick grades the market Stale
                b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(10_000)), FirstSettlement - 200 - b.Time);
                b.Ok(new OracleReport(TestBook.Btc, 1, Price.FromDollars(10_000)), 0);
                due = b.Ok(new Tick(), 200);
                break;
        }
        Assert.Equal(grade, b.Engine.State.Markets[TestBook.Btc].Validity);
        Assert.Empty(due.Events.OfType<FundingSettled>());
        // The first report that grades the market Valid again settles the interval, at the hand-worked $1.625.
        var back = b.Ok(new OracleReport(TestBook.Btc, 1, Price.FromDollars(10_000)), 1);
        Assert.Equal(OracleValidity.Valid, b.Engine.State.Markets[TestBook.Btc].Validity);
        Assert.Equal((12_500L, new Usd(1_625_000)), Assert.Single(back.Events.OfType<FundingSettled>()) is var f ? (f.RatePpb, f.Paid) : default);
    }

    [Fact]
    public void FundingOwedThatCrossesMaintenance_IsFoundByTheLiquidationIndex_WithoutTouchingAnyKey()
    {
        // Interest at the 1 %/8 h maximum, clamped to 0.05 %/8 h: 62,500 ppb an hour. Account 1 long 10 BTC from $10,000
        // with exactly initial margin, the mark at $9,474: equity $4,740 against maintenance $4,737, $3 to spare.
        var b = new TestBook(TestBook.Plain() with { Funding = new FundingParams { InterestRate8h = Fraction.FromPercent(1) } });
        b.Deposit(1, 10_000); b.Deposit(2, 1_000_000);
        b.Buy(1, 2, 10, 10_000);
        b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(9_474)), 100);
        Assert.Empty(b.Engine.FindLiquidatable(TestBook.Btc));
        // The settlement charges 10 × $9,474 × 62,500e-9 = $5.92125 (owed, not yet paid): equity $4,734.08, below maintenance.
        var settled = Assert.Single(b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(9_474)), FirstSettlement - b.Time).Events.OfType<FundingSettled>());
        Assert.Equal((62_500L, new Usd(5_921_250)), (settled.RatePpb, settled.Paid));
        Assert.Equal([1L], b.Engine.FindLiquidatable(TestBook.Btc));
        Assert.Equal(b.Engine.FindLiquidatableByScan(TestBook.Btc), b.Engine.FindLiquidatable(TestBook.Btc));
    }
}

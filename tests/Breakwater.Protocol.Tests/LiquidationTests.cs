using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

public class LiquidationTests
{
    private const long Liquidator = 99;

    [Fact]
    public void Liquidate_AboveMaintenance_IsRefused()
    {
        var b = new TestBook();
        b.Deposit(1, 1_000); b.Deposit(2, 100_000); b.Deposit(Liquidator, 1_000_000);
        b.Buy(1, 2, 1, 10_000);
        b.Mark(9_500); // 9,500 > liquidation price 9,473.68
        var r = b.Apply(new Liquidate(1, TestBook.Btc, Liquidator, Price.FromDollars(9_500)));
        Assert.Equal(RejectReason.NotLiquidatable, r.Rejection!.Reason);
    }

    [Fact]
    public void Liquidate_Partial_ClosesJustEnoughToRestoreInitialMargin()
    {
        var b = new TestBook(TestBook.Plain() with { LiquidationFeeFraction = Fraction.FromPercent(1) });
        b.Deposit(1, 1_000); b.Deposit(2, 100_000); b.Deposit(Liquidator, 1_000_000);
        b.Buy(1, 2, 1, 10_000);
        b.Mark(9_400); // equity 400 < MM 470
        var r = b.Ok(new Liquidate(1, TestBook.Btc, Liquidator, Price.FromDollars(9_400)));
        // q = (IM − E) / (M·IMF − loss − M·fee) = (940 − 400) / (940 − 0 − 94) = 0.638297872… BTC → 0.63829788 (up to the step).
        var liq = Assert.Single(r.Events.OfType<Liquidated>());
        Assert.Equal(63_829_788, liq.Size.Units);
        Assert.Equal(100_000_000 - 63_829_788, b.SizeUnits(1));
        // fee = 1 % × 0.63829788 × 9,400 = 60.000000720 → 60.000001 (up)
        Assert.Equal(60_000_001, liq.Fee.Micros);
        Assert.Equal(60_000_001, b.Engine.State.InsuranceFund.Micros);
        var after = b.Engine.MarginOf(1);
        Assert.True(after.MeetsInitial, $"equity {after.Equity} vs IM {after.InitialRequirement}");
        Assert.False(b.Engine.MarginOf(1).BelowMaintenance);
    }

    [Fact]
    public void Liquidate_FillWorseThanBankruptcy_InsuranceFundCoversDeficit()
    {
        var b = new TestBook();
        b.Deposit(1, 1_000); b.Deposit(2, 100_000); b.Deposit(Liquidator, 1_000_000);
        b.Ok(new FundInsurance(Usd.FromDollars(1_000)));
        b.Buy(1, 2, 1, 10_000);
        b.Mark(8_800); // equity −200; bankruptcy price 9,000
        var r = b.Ok(new Liquidate(1, TestBook.Btc, Liquidator, Price.FromDollars(8_800)));
        var liq = Assert.Single(r.Events.OfType<Liquidated>());
        Assert.Equal(Price.FromDollars(9_000), liq.BankruptcyPrice);
        var draw = Assert.Single(r.Events.OfType<InsuranceFundDrawn>());
        Assert.Equal(Usd.FromDollars(200), draw.Amount);
        Assert.Equal(Usd.FromDollars(800), b.Engine.State.InsuranceFund);
        Assert.Equal(Usd.Zero, b.Collateral(1));
        Assert.Empty(r.Events.OfType<AutoDeleveraged>());
    }

    [Fact]
    public void Liquidate_FillBeyondMaxDiscount_IsRefused()
    {
        var b = new TestBook(TestBook.Plain() with { MaxLiquidationDiscount = Fraction.FromPercent(5) });
        b.Deposit(1, 1_000); b.Deposit(2, 100_000); b.Deposit(Liquidator, 1_000_000);
        b.Buy(1, 2, 1, 10_000);
        b.Mark(9_000);
        var hash = b.Engine.StateHash();
        var r = b.Apply(new Liquidate(1, TestBook.Btc, Liquidator, Price.FromDollars(8_549))); // bound 8,550
        Assert.Equal(RejectReason.FillOutsideBound, r.Rejection!.Reason);
        Assert.Equal(hash, b.Engine.StateHash());
    }

    /// <summary>
    /// Bankrupt long 10 BTC @10,000 with $10,000; shorts B (4 BTC, $4,000) and C (6 BTC, $20,000) @10,000;
    /// mark 8,900 → equity −1,000, bankruptcy 9,000. Insurance fund $500 absorbs 500/100 = 5 BTC closed at 8,900;
    /// the minimal ADL is the other 5 BTC.
    /// </summary>
    private static TestBook AdlBook(AdlMode mode)
    {
        var b = new TestBook(TestBook.Plain() with { AdlMode = mode });
        b.Deposit(1, 10_000); b.Deposit(2, 4_000); b.Deposit(3, 20_000); b.Deposit(Liquidator, 1_000_000);
        b.Ok(new FundInsurance(Usd.FromDollars(500)));
        b.Buy(1, 2, 4, 10_000);
        b.Buy(1, 3, 6, 10_000);
        b.Mark(8_900);
        return b;
    }

    [Fact]
    public void Adl_Ranked_ClosesExactlyTheMinimumAcrossTwoCounterparties()
    {
        var b = AdlBook(AdlMode.Ranked);
        var r = b.Ok(new Liquidate(1, TestBook.Btc, Liquidator, Price.FromDollars(8_900)));
        var adl = r.Events.OfType<AutoDeleveraged>().ToList();
        // B: PnL 11 % × leverage 35,600/8,400 = 4.24 ranks above C: 11 % × 53,400/26,600 = 2.01.
        Assert.Equal([(2L, 4 * Size.Scale), (3L, 1 * Size.Scale)], adl.Select(a => (a.Counterparty, a.Size.Units)).ToList());
        Assert.All(adl, a => Assert.Equal(Price.FromDollars(9_000), a.Price));
        var summary = Assert.Single(r.Events.OfType<AdlSummary>());
        Assert.Equal(summary.MinimalSize, summary.AdlSize);
        Assert.Equal(5 * Size.Scale, summary.AdlSize.Units);
        // 5 at 9,000 + 5 at 8,900 = 89,500 against a 100,000 basis: −10,500 on $10,000 → $500 from the fund, no socialized loss.
        Assert.Equal(Usd.Zero, b.Engine.State.InsuranceFund);
        Assert.Equal(Usd.Zero, b.Engine.State.SocializedLoss);
        Assert.Equal(Usd.Zero, b.Collateral(1));
        Assert.Equal(0, b.SizeUnits(2));
        Assert.Equal(-5 * Size.Scale, b.SizeUnits(3));
        Assert.Equal(5 * Size.Scale, b.SizeUnits(Liquidator));
    }

    [Fact]
    public void Adl_ProRata_SharesTheMinimumBySize()
    {
        var b = AdlBook(AdlMode.ProRata);
        var r = b.Ok(new Liquidate(1, TestBook.Btc, Liquidator, Price.FromDollars(8_900)));
        var adl = r.Events.OfType<AutoDeleveraged>().ToDictionary(a => a.Counterparty, a => a.Size.Units);
        Assert.Equal(2 * Size.Scale, adl[2]);
        Assert.Equal(3 * Size.Scale, adl[3]);
    }

    [Fact]
    public void Adl_GreedyQueue_OverClosesAndReportsTheMinimum()
    {
        var b = AdlBook(AdlMode.GreedyQueue);
        var r = b.Ok(new Liquidate(1, TestBook.Btc, Liquidator, Price.FromDollars(8_900)));
        var summary = Assert.Single(r.Events.OfType<AdlSummary>());
        Assert.Equal(10 * Size.Scale, summary.AdlSize.Units);
        Assert.Equal(5 * Size.Scale, summary.MinimalSize.Units);
        Assert.Equal(Usd.FromDollars(500), b.Engine.State.InsuranceFund); // the fund was never used
    }

    [Fact]
    public void Waterfall_NoProfitableCounterparty_RecordsSocializedLoss()
    {
        var b = new TestBook();
        b.Deposit(1, 10_000); b.Deposit(2, 100_000); b.Deposit(3, 100_000); b.Deposit(Liquidator, 1_000_000);
        b.Mark(8_000);
        b.Buy(3, 2, 10, 8_000);   // 2 short 10 @ 8,000
        b.Mark(10_000);
        b.Buy(1, 3, 10, 10_000);  // 3 closes its long; 1 long 10 @ 10,000
        b.Mark(8_900);            // 2's short is losing; 1 is bankrupt (equity −1,000)
        var r = b.Ok(new Liquidate(1, TestBook.Btc, Liquidator, Price.FromDollars(8_900)));
        Assert.Empty(r.Events.OfType<AutoDeleveraged>());
        var loss = Assert.Single(r.Events.OfType<SocializedLossRecorded>());
        Assert.Equal(Usd.FromDollars(1_000), loss.Amount);
        Assert.Equal(Usd.FromDollars(1_000), b.Engine.State.SocializedLoss);
        Assert.Equal(b.Engine.State.TotalDeposits - b.Engine.State.TotalWithdrawals + b.Engine.State.SocializedLoss, b.Engine.State.ClaimsPlusFunds());
    }
}

public class AdlSolvencyTests
{
    private const long Liquidator = 99;

    [Fact]
    public void Adl_NeverTakesACounterpartyBelowZeroEquity_TheRestIsSocialized()
    {
        var b = new TestBook(TestBook.Plain());
        b.Deposit(1, 10_000); b.Deposit(2, 2_080); b.Deposit(3, 20_000); b.Deposit(Liquidator, 1_000_000);
        b.Buy(1, 3, 6, 10_000);
        b.Buy(1, Liquidator, 4, 10_000);
        b.Mark(5_200);
        b.Buy(Liquidator, 2, 4, 5_200); // B: short 4 BTC at 5,200 with exactly initial margin
        b.Mark(5_000);
        // A: equity 10,000 − 10 × 5,000 = −40,000, bankruptcy 9,000. B closing at 9,000 loses 4,000 a unit on
        // 2,080 + 4 × 200 = 2,880 of equity: at most 0.72 BTC. C (equity 20,000 + 30,000) can take its whole 6 BTC.
        var r = b.Ok(new Liquidate(1, TestBook.Btc, Liquidator, Price.FromDollars(5_000)));
        var adl = r.Events.OfType<AutoDeleveraged>().ToDictionary(a => a.Counterparty, a => a.Size.Units);
        Assert.Equal(72_000_000, adl[2]);
        Assert.Equal(6 * Size.Scale, adl[3]);
        Assert.True(b.Engine.MarginOf(2).Equity.Micros >= 0, $"B left at {b.Engine.MarginOf(2).Equity}");
        Assert.True(b.Engine.State.SocializedLoss.Micros > 0);
        foreach (var a in b.Engine.State.Accounts.Values)
            Assert.True(a.Positions.Count > 0 || a.Collateral.Micros >= 0, $"flat account {a.Id} holds {a.Collateral}");
    }
}

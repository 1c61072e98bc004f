using Breakwater.Protocol.Margin;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Tests;

public class MarginTests
{
    // Account 1: $1,000 collateral, long 1 BTC at $10,000 from account 2. IMF 10 %, MMF 5 %.
    private static TestBook LongOneBtc()
    {
        var b = new TestBook();
        b.Deposit(1, 1_000);
        b.Deposit(2, 100_000);
        b.Buy(1, 2, 1, 10_000);
        return b;
    }

    [Fact]
    public void Compute_LongAtEntry_GivesHandWorkedRequirements()
    {
        var m = LongOneBtc().Engine.MarginOf(1);
        Assert.Equal(Usd.FromDollars(1_000), m.Equity);
        Assert.Equal(Usd.FromDollars(1_000), m.InitialRequirement); // 10,000 × 10 %
        Assert.Equal(Usd.FromDollars(500), m.MaintenanceRequirement); // 10,000 × 5 %
        Assert.Equal(Usd.Zero, m.FreeCollateral);
        Assert.Equal(100_000, m.MarginFractionPpm); // 1,000 / 10,000
    }

    [Fact]
    public void Compute_AfterDrop_UnrealizedLossReducesEquity()
    {
        var b = LongOneBtc();
        b.Mark(9_600);
        var m = b.Engine.MarginOf(1);
        Assert.Equal(Usd.FromDollars(600), m.Equity);
        Assert.Equal(Usd.FromDollars(480), m.MaintenanceRequirement);
        Assert.False(m.BelowMaintenance);
    }

    [Fact]
    public void LiquidationPrice_Long_IsHandWorkedValue()
    {
        // p = (S·M − E) / (S·(1 − MMF)) = (10,000 − 1,000) / 0.95 = 9,473.68421052…; rounded up at 1e-8.
        var p = MarginCalculator.LiquidationPriceUnits(Usd.FromDollars(1_000), new Size(Size.Scale), Price.FromDollars(10_000), Fraction.FromPercent(5), Rounding.Ceiling);
        Assert.Equal(947_368_421_053, p);
    }

    [Fact]
    public void LiquidationPrice_Short_IsHandWorkedValue()
    {
        // p = (E + |S|·M) / (|S|·(1 + MMF)) = 11,000 / 1.05 = 10,476.19047619…; rounded down.
        var p = MarginCalculator.LiquidationPriceUnits(Usd.FromDollars(1_000), new Size(-Size.Scale), Price.FromDollars(10_000), Fraction.FromPercent(5), Rounding.Floor);
        Assert.Equal(1_047_619_047_619, p);
    }

    [Fact]
    public void BankruptcyPrice_LongAndShort_AreMarkMinusEquityOverSize()
    {
        Assert.Equal(Price.FromDollars(9_000), MarginCalculator.BankruptcyPrice(Usd.FromDollars(1_000), new Size(Size.Scale), Price.FromDollars(10_000)));
        Assert.Equal(Price.FromDollars(11_000), MarginCalculator.BankruptcyPrice(Usd.FromDollars(1_000), new Size(-Size.Scale), Price.FromDollars(10_000)));
        // Negative equity puts a long's bankruptcy price above the mark.
        Assert.Equal(Price.FromDollars(9_000), MarginCalculator.BankruptcyPrice(Usd.FromDollars(-200), new Size(Size.Scale), Price.FromDollars(8_800)));
    }

    [Fact]
    public void Withdraw_BeyondFreeCollateral_IsRejectedAndChangesNothing()
    {
        var b = LongOneBtc();
        b.Deposit(1, 500);
        var hash = b.Engine.StateHash();
        var r = b.Apply(new Transactions.Withdraw(1, Usd.FromDollars(501)));
        Assert.Equal(Engine.RejectReason.InsufficientCollateral, r.Rejection!.Reason);
        Assert.Equal(hash, b.Engine.StateHash());
        b.Ok(new Transactions.Withdraw(1, Usd.FromDollars(500)));
        Assert.Equal(Usd.FromDollars(1_000), b.Collateral(1));
    }
}

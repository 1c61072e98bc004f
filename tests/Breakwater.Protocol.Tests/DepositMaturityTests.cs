using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

/// <summary>Same-block (flash-loan) defense: collateral younger than the maturity window backs neither new risk nor a withdrawal.</summary>
public class DepositMaturityTests
{
    private static TestBook Book(long maturity = 12)
    {
        var b = new TestBook(TestBook.Plain() with { DepositMaturitySeconds = maturity }); // BTC at $10,000, 10 % IM, no fees
        b.Ok(new Deposit(9, Usd.FromDollars(1_000_000)));
        b.Ok(new Deposit(1, Usd.FromDollars(1_000)), 100); // account 1's first $1,000: matured by the time it is used below
        return b;
    }

    private static Trade Long(long account, long btc) => new(TestBook.Btc, account, 9, new Size(btc * Size.Scale), Price.FromDollars(10_000));

    [Fact]
    public void FlashLoan_DepositOpenWithdrawInOneBlock_IsRefusedAtTheOpen_AndTheWithdrawal()
    {
        var b = Book();
        b.Ok(new Deposit(2, Usd.FromDollars(1_000_000)), 100);
        // Same timestamp (advance 0): the block's one time.
        var open = b.Apply(Long(2, 50), 0);
        Assert.Equal(RejectReason.CollateralNotMature, open.Rejection!.Reason);
        Assert.Contains("matures at", open.Rejection.Detail);
        var withdraw = b.Apply(new Withdraw(2, Usd.FromDollars(1_000_000)), 0);
        Assert.Equal(RejectReason.CollateralNotMature, withdraw.Rejection!.Reason);
        Assert.Equal(0, b.SizeUnits(2));
        // Twelve seconds later it is ordinary collateral.
        b.Ok(Long(2, 50), 12);
    }

    [Fact]
    public void MaturedCollateral_StillBacksRisk_OnlyTheYoungDepositIsSetAside()
    {
        var b = Book();
        b.Ok(new Deposit(1, Usd.FromDollars(5_000)), 100);
        // $1,000 matured backs 1 BTC ($10,000 at 10 % IM); 2 BTC would need the young $5,000.
        b.Ok(Long(1, 1), 0);
        Assert.Equal(RejectReason.CollateralNotMature, b.Apply(Long(1, 1), 0).Rejection!.Reason);
        // Withdrawable: free collateral ($6,000 − $1,000 IM) less the $5,000 maturing = $0; $1 is refused, with what is withdrawable.
        var w = b.Apply(new Withdraw(1, Usd.FromDollars(1)), 0);
        Assert.Equal(RejectReason.CollateralNotMature, w.Rejection!.Reason);
        Assert.Contains("withdrawable now 0", w.Rejection.Detail);
        // Reducing never needs fresh collateral.
        b.Ok(new Trade(TestBook.Btc, 9, 1, new Size(Size.Scale / 2), Price.FromDollars(10_000)), 0);
        b.Ok(Long(1, 1), 12);
    }

    [Fact]
    public void ADepositInsideTheWindow_RestartsItForEverythingStillMaturing()
    {
        var b = Book();
        b.Ok(new Deposit(1, Usd.FromDollars(5_000)), 100);   // matures at T+12
        b.Ok(new Deposit(1, Usd.FromDollars(5_000)), 10);    // at T+10: $10,000 maturing until T+22
        var account = b.Engine.State.Accounts[1];
        Assert.Equal((Usd.FromDollars(10_000), b.Time + 12), (account.MaturingCollateral, account.MaturesAt));
        Assert.Equal(RejectReason.CollateralNotMature, b.Apply(Long(1, 2), 2).Rejection!.Reason); // T+12: still maturing
        b.Ok(Long(1, 2), 10);                                                                   // T+22
    }

    [Fact]
    public void MaturityOff_DepositAndTradeInOneBlock_Pass()
    {
        var b = Book(maturity: 0);
        b.Ok(new Deposit(2, Usd.FromDollars(1_000_000)), 100);
        b.Ok(Long(2, 50), 0);
        Assert.Equal(Usd.Zero, b.Engine.State.Accounts[2].MaturingCollateral);
    }
}

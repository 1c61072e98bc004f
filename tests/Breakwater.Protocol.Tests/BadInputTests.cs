using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

public class BadInputTests
{
    private static TestBook Book()
    {
        var b = new TestBook();
        b.Deposit(1, 1_000);
        b.Deposit(2, 1_000);
        return b;
    }

    public static TheoryData<Transaction, RejectReason> Cases => new()
    {
        { new OracleReport(TestBook.Btc, 0, new Price(0)), RejectReason.InvalidPrice },
        { new OracleReport(TestBook.Btc, 0, new Price(-5)), RejectReason.InvalidPrice },
        { new OracleReport(TestBook.Btc, 0, new Price(long.MaxValue)), RejectReason.InvalidPrice },
        { new OracleReport(TestBook.Btc, 3, Price.FromDollars(1)), RejectReason.InvalidSource },
        { new OracleReport(42, 0, Price.FromDollars(1)), RejectReason.UnknownMarket },
        { new Trade(TestBook.Btc, 1, 2, new Size(0), Price.FromDollars(10_000)), RejectReason.InvalidSize },
        { new Trade(TestBook.Btc, 1, 2, new Size(-1), Price.FromDollars(10_000)), RejectReason.InvalidSize },
        { new Trade(TestBook.Btc, 1, 2, new Size(long.MaxValue), Price.FromDollars(10_000)), RejectReason.InvalidSize },
        { new Trade(TestBook.Btc, 1, 2, new Size(Size.MaxUnits), new Price(Price.MaxUnits)), RejectReason.InvalidSize },
        { new Trade(TestBook.Btc, 1, 2, new Size(Size.Scale), new Price(0)), RejectReason.InvalidPrice },
        { new Trade(TestBook.Btc, 1, 7, new Size(Size.Scale), Price.FromDollars(10_000)), RejectReason.UnknownAccount },
        { new Trade(9, 1, 2, new Size(Size.Scale), Price.FromDollars(10_000)), RejectReason.UnknownMarket },
        { new Trade(TestBook.Btc, 1, 1, new Size(Size.Scale), Price.FromDollars(10_000)), RejectReason.SelfTrade },
        { new Trade(TestBook.Btc, 1, 2, new Size(2 * Size.Scale), Price.FromDollars(10_000)), RejectReason.InsufficientMargin },
        { new Deposit(1, Usd.Zero), RejectReason.InvalidAmount },
        { new Deposit(1, new Usd(-1)), RejectReason.InvalidAmount },
        { new Deposit(0, Usd.FromDollars(1)), RejectReason.UnknownAccount },
        { new Withdraw(8, Usd.FromDollars(1)), RejectReason.UnknownAccount },
        { new Withdraw(1, Usd.FromDollars(1_001)), RejectReason.InsufficientCollateral },
        { new Liquidate(1, TestBook.Btc, 2, Price.FromDollars(10_000)), RejectReason.NoPosition },
        { new CreateMarket(TestBook.Btc, "DUP", TestBook.Plain(), Price.FromDollars(1)), RejectReason.DuplicateMarket },
        { new CreateMarket(5, "BAD", TestBook.Plain() with { MaintenanceMarginFraction = Fraction.FromPercent(20) }, Price.FromDollars(1)), RejectReason.InvalidParams },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_BadInput_IsRejectedWithReasonAndStateUntouched(Transaction tx, RejectReason expected)
    {
        var b = Book();
        var state = b.Engine.StateHash();
        var head = b.Engine.LogHeadHash;
        var height = b.Engine.Height;
        var r = b.Apply(tx);
        Assert.False(r.Accepted);
        Assert.Equal(expected, r.Rejection!.Reason);
        Assert.False(string.IsNullOrWhiteSpace(r.Rejection.Detail));
        Assert.Equal(state, b.Engine.StateHash());
        Assert.Equal(head, b.Engine.LogHeadHash);
        Assert.Equal(height, b.Engine.Height);
    }

    [Fact]
    public void Apply_TimeGoingBackwards_IsRejected()
    {
        var b = Book();
        var r = b.Engine.Apply(new Deposit(1, Usd.FromDollars(1)) { Time = 5 });
        Assert.Equal(RejectReason.TimeRegression, r.Rejection!.Reason);
    }
}

public class HostileInputTests
{
    [Theory]
    [InlineData("1e100000000")]
    [InlineData("1e2147483647")]
    [InlineData("-1e2147483647")]
    [InlineData("99999999999999999999")]
    [InlineData("1234567890123456789012345678901234567890123456789012345678901234567890")]
    public void FixedFormat_HugeNumbers_RefusedBeforeAnyBigIntegerWork(string text)
    {
        Assert.False(FixedFormat.TryParse(text, 6, out _, out var error));
        Assert.True(error.Contains("out of range") || error.Contains("digits"), error);
    }

    [Theory]
    [InlineData("0e100000000", 0L)]
    [InlineData("1e-2147483648", 1L)]  // rounded up to one micro-unit
    [InlineData("2.5e1", 25_000_000L)]
    public void FixedFormat_ExtremeExponents_ParseExactly(string text, long expected)
    {
        Assert.True(FixedFormat.TryParse(text, 6, out var units, out var error, Rounding.Ceiling), error);
        Assert.Equal(expected, units);
    }

    [Fact]
    public void Deposits_OverflowingATotal_AreRefusedAndTheEngineGoesOn()
    {
        var b = new TestBook();
        var refused = 0;
        for (var i = 0; i < 12; i++)
        {
            var hash = b.Engine.StateHash();
            var r = b.Apply(new Deposit(1 + i % 2, Usd.FromDollars(1_000_000_000_000)));
            if (r.Accepted) continue;
            refused++;
            Assert.Equal(RejectReason.ArithmeticOverflow, r.Rejection!.Reason);
            Assert.Equal(hash, b.Engine.StateHash());
        }
        Assert.True(refused > 0);
        Assert.Null(b.Engine.Fault);
        b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(10_000)));
    }
}

using Breakwater.Crypto;
using Breakwater.Protocol.Access;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

/// <summary>Signed mode: nobody without the right key moves value or prices, and every refusal leaves the state untouched.</summary>
public class SignedModeTests
{
    private static void RefusedUntouched(SignedBook s, Transaction tx, RejectReason reason)
    {
        var before = s.Book.Engine.StateHash();
        var r = s.Book.Apply(tx);
        Assert.False(r.Accepted, $"{tx.Kind} was accepted");
        Assert.Equal(reason, r.Rejection!.Reason);
        Assert.Equal(before, s.Book.Engine.StateHash()); // time included: a refusal does not even advance the clock
    }

    [Fact]
    public void UnsignedTransactions_ThatMoveValueOrPrices_AreRefused()
    {
        var s = new SignedBook();
        var id = s.Fund(0, 10_000);
        var before = s.Book.Engine.StateHash();
        foreach (var tx in new Transaction[]
        {
            new Deposit(id, Usd.FromDollars(1_000_000)), new Withdraw(id, Usd.FromDollars(1)), new FundInsurance(Usd.FromDollars(1)),
            new Trade(TestBook.Btc, id, 2, new Size(Size.Scale), Price.FromDollars(10_000)),
            new OracleReport(TestBook.Btc, 0, Price.FromDollars(1)), new Liquidate(id, TestBook.Btc, 2, Price.FromDollars(10_000)),
        })
        {
            var r = s.Book.Apply(tx);
            Assert.Equal(RejectReason.Unauthorized, r.Rejection?.Reason);
            Assert.Contains("signed mode", r.Rejection!.Detail);
        }
        Assert.Equal(before, s.Book.Engine.StateHash());
    }

    [Fact]
    public void BridgeDeposit_NeedsTheThreshold_BindsAnAccountPerAddress_AndRefusesReplays()
    {
        var s = new SignedBook();
        RefusedUntouched(s, s.Deposit(s.Users[0].Address, 100, signers: s.Bridge[0]), RejectReason.BelowThreshold);
        RefusedUntouched(s, s.Deposit(s.Users[0].Address, 100, signers: [s.Bridge[0], s.Bridge[0]]), RejectReason.BelowThreshold);
        RefusedUntouched(s, s.Deposit(s.Users[0].Address, 100, signers: [s.Bridge[0], s.Users[3]]), RejectReason.Unauthorized);

        var first = s.Book.Ok(s.Deposit(s.Users[0].Address, 100, depositId: 7));
        Assert.Equal([EventKind.AccountBound, EventKind.Deposited], first.Events.Select(e => e.Kind));
        Assert.Equal(new AccountBound(1, s.Users[0].Address), first.Events[0]);
        Assert.Equal(100 * Usd.Scale, s.Book.Collateral(1).Micros);

        RefusedUntouched(s, s.Deposit(s.Users[0].Address, 100, depositId: 7), RejectReason.Replayed);
        RefusedUntouched(s, s.Deposit(s.Users[0].Address, 100, depositId: 6), RejectReason.Replayed);

        // A second deposit to the same address credits the same account; a new address gets the next id.
        Assert.Single(s.Book.Ok(s.Deposit(s.Users[0].Address, 50, depositId: 8)).Events);
        Assert.Equal(150 * Usd.Scale, s.Book.Collateral(1).Micros);
        Assert.Equal(2, s.Fund(1, 10));

        // The zero address funds the insurance fund.
        s.Book.Ok(s.Deposit(DepositMessage.InsuranceFund, 25));
        Assert.Equal(25 * Usd.Scale, s.Book.Engine.State.InsuranceFund.Micros);
    }

    [Fact]
    public void Withdraw_OnlyTheOwnersKey_UnderThisDomain_WithAFreshNonce()
    {
        var s = new SignedBook();
        var id = s.Fund(0, 1_000);
        s.Fund(1, 1_000);
        RefusedUntouched(s, s.Withdraw(0, 100, nonce: 1, signer: s.Users[1]), RejectReason.Unauthorized);
        RefusedUntouched(s, s.Withdraw(0, 100, nonce: 1, domain: SignedBook.Domain with { ChainId = 1 }), RejectReason.Unauthorized);
        RefusedUntouched(s, s.Withdraw(0, 100, nonce: 1, expiry: s.Book.Time - 1), RejectReason.Expired);
        RefusedUntouched(s, s.Withdraw(0, 100, nonce: 1, expiry: s.Book.Time + 2 * 86_400), RejectReason.InvalidOperation);
        RefusedUntouched(s, s.Withdraw(3, 100, nonce: 1), RejectReason.UnknownAccount);

        // A refusal by the protocol's own rules does not use the nonce up.
        RefusedUntouched(s, s.Withdraw(0, 5_000, nonce: 1), RejectReason.InsufficientCollateral);
        var w = s.Withdraw(0, 100, nonce: 1);
        s.Book.Ok(w);
        Assert.Equal(900 * Usd.Scale, s.Book.Collateral(id).Micros);
        RefusedUntouched(s, w, RejectReason.Replayed);
        RefusedUntouched(s, s.Withdraw(0, 100, nonce: 1), RejectReason.Replayed);
        s.Book.Ok(s.Withdraw(0, 100, nonce: 5)); // gaps allowed
        Assert.Equal(6, s.Book.Engine.State.Access.NextNonce(s.Users[0].Address));
    }

    [Fact]
    public void Trade_IsTwoSignedOrders_MatchedWithinTheirLimitsAndTheBand()
    {
        var s = new SignedBook();
        var buyer = s.Fund(0, 10_000);
        var seller = s.Fund(1, 10_000);
        var buy = s.Order(0, buy: true, btc: 1, limit: 10_100, nonce: 1);
        var sell = s.Order(1, buy: false, btc: 1, limit: 9_950, nonce: 1);
        RefusedUntouched(s, s.Match(buy, sell, 10_200), RejectReason.InvalidPrice);       // above the buyer's limit
        RefusedUntouched(s, s.Match(buy, sell, 9_900), RejectReason.InvalidPrice);        // below the seller's limit
        RefusedUntouched(s, s.Match(sell, buy, 10_000), RejectReason.InvalidOperation);   // sides swapped
        RefusedUntouched(s, s.Match(buy, s.Order(1, false, 2, 9_950, 1), 10_000), RejectReason.InvalidSize);
        RefusedUntouched(s, s.Match(buy, sell, 10_000, buySigner: s.Users[2]), RejectReason.Unauthorized);
        // The signature covers the limit: a relayer cannot raise it.
        var signed = s.Match(buy, sell, 10_000);
        RefusedUntouched(s, signed with { Buy = buy with { LimitPrice = Price.FromDollars(20_000).Units }, Price = Price.FromDollars(10_050).Units }, RejectReason.Unauthorized);

        var r = s.Book.Ok(signed);
        var fill = Assert.Single(r.Events.OfType<TradeSettled>());
        Assert.Equal((buyer, seller, 10_000L), (fill.Buyer, fill.Seller, fill.Price.Units / Price.Scale));
        Assert.Equal(Size.Scale, s.Book.SizeUnits(buyer));
        RefusedUntouched(s, signed, RejectReason.Replayed);

        // Far from the mark (10 % band by default) even two willing parties cannot print a price.
        var b2 = s.Order(0, true, 1, 50_000, 2);
        var s2 = s.Order(1, false, 1, 1, 2);
        RefusedUntouched(s, s.Match(b2, s2, 11_001), RejectReason.InvalidPrice);
        s.Book.Ok(s.Match(b2, s2, 11_000));
    }

    [Fact]
    public void OracleReport_OnlyTheSourcesReporter_MovingForwardInTime()
    {
        var s = new SignedBook();
        var t = s.Book.Time + 1;
        RefusedUntouched(s, s.Report(9_000, t, signer: s.Users[0]), RejectReason.Unauthorized);
        RefusedUntouched(s, s.Report(9_000, t + 100), RejectReason.InvalidOperation); // from the future
        RefusedUntouched(s, s.Report(9_000, t - 1_000_001), RejectReason.Expired);
        RefusedUntouched(s, s.Report(9_000, t, source: 1), RejectReason.InvalidSource);
        var report = s.Report(9_900, s.Book.Time + 1);
        s.Book.Ok(report);
        Assert.Equal(Price.FromDollars(9_900), s.Book.Engine.State.Markets[TestBook.Btc].Mark);
        RefusedUntouched(s, report, RejectReason.Replayed);
    }

    [Fact]
    public void Liquidation_IsPermissionless_ButSignedByTheLiquidator()
    {
        var s = new SignedBook();
        var victim = s.Fund(0, 1_000);
        s.Fund(1, 100_000);
        var liquidator = s.Fund(2, 1_000_000);
        s.Book.Ok(s.Match(s.Order(0, true, 1, 10_000, 1), s.Order(1, false, 1, 10_000, 1), 10_000));
        s.Book.Ok(s.Report(9_400, s.Book.Time + 1));
        var m = new LiquidationMessage(s.Users[2].Address, victim, TestBook.Btc, Price.FromDollars(9_400).Units, 1, s.Expiry);
        RefusedUntouched(s, new SignedLiquidate(m, SignedBook.Sign(m, s.Users[3])), RejectReason.Unauthorized);
        var r = s.Book.Ok(new SignedLiquidate(m, SignedBook.Sign(m, s.Users[2])));
        Assert.Equal(liquidator, Assert.Single(r.Events.OfType<Liquidated>()).Liquidator);
    }

    [Fact]
    public void Access_IsConfiguredOnce_BeforeAnyAccount()
    {
        var s = new SignedBook();
        var again = new ConfigureAccess(new AccessConfig(SignedBook.Domain, RoleSet.Create(1, [s.Users[0].Address]), []));
        RefusedUntouched(s, again, RejectReason.InvalidOperation);
        var open = new TestBook(TestBook.Plain(), 10_000, new ProtocolEngine(EthereumVerifier.Instance));
        open.Deposit(1, 100);
        Assert.Equal(RejectReason.InvalidOperation, open.Apply(again).Rejection?.Reason);
        // Open mode refuses the signed kinds (nothing is configured to check them against).
        Assert.Equal(RejectReason.GovernanceNotConfigured, open.Apply(s.Withdraw(0, 1, 1)).Rejection?.Reason);
    }

    [Fact]
    public void SignedTransactions_RoundTripThroughTheCanonicalCodec()
    {
        var s = new SignedBook();
        var o = s.Order(0, true, 1, 10_000, 1);
        var m = new LiquidationMessage(s.Users[2].Address, 3, TestBook.Btc, 5, 1, 9);
        foreach (var tx in new Transaction[]
        {
            new ConfigureAccess(new AccessConfig(SignedBook.Domain, RoleSet.Create(2, s.Bridge.Select(k => k.Address)), [new ReporterKey(1, 0, s.Reporter.Address), new ReporterKey(1, 2, s.Users[0].Address)])),
            s.Deposit(s.Users[0].Address, 5), s.Withdraw(0, 1, 3), s.Match(o, s.Order(1, false, 1, 9_000, 4), 9_500), s.Report(1, 2),
            new SignedLiquidate(m, SignedBook.Sign(m, s.Users[2])),
        })
        {
            var stamped = tx with { Time = 1_234 };
            Assert.Equal(Convert.ToHexString(stamped.Encode()), Convert.ToHexString(TxCodec.Decode(stamped.Encode()).Encode()));
        }
    }
}

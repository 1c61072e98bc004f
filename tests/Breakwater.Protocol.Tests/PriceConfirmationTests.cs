using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

/// <summary>No liquidation at a price the protocol itself graded bad: confirmation, contested sources, time-driven grades.</summary>
public class PriceConfirmationTests
{
    private const long Step = 15;

    /// <summary>Default (breakwater) parameters, a flat $100 history of 20 reports 15 s apart; account 1 short 100 BTC at 10×, 2 long, 99 the liquidator.</summary>
    private static TestBook Book(int sources = 1)
    {
        var p = new MarketParams { Oracle = new OracleParams { SourceCount = sources, Quorum = 1 } };
        var b = new TestBook(p, 100);
        for (var t = 0; t < 20; t++)
            for (var s = 0; s < sources; s++) b.Mark(100, s, advance: s == 0 ? Step : 0);
        b.Deposit(1, 1_100); b.Deposit(2, 100_000); b.Deposit(99, 1_000_000);
        b.Buy(2, 1, 100, 100);
        return b;
    }

    private static Market Btc(TestBook b) => b.Engine.State.Markets[TestBook.Btc];

    private static Liquidate LiquidateShort(TestBook b) => new(1, TestBook.Btc, 99, Btc(b).LiquidationFillBound(closingLong: false));

    [Fact]
    public void SingleSourceSpikeShorterThanWindow_NeverMovesTheMarkNorLiquidates()
    {
        var b = Book();
        // +30 % on the only source, every 15 s for 585 s: one report short of the 600 s window.
        for (var t = 0; t <= 585; t += (int)Step)
        {
            b.Mark(130, advance: Step);
            var m = Btc(b);
            Assert.Equal(OracleValidity.TooVolatile, m.Validity);
            Assert.Equal(Price.FromDollars(100), m.Mark);
            Assert.Empty(b.Engine.FindLiquidatable(TestBook.Btc));
            Assert.Equal(RejectReason.OracleInvalid, b.Apply(LiquidateShort(b), 0).Rejection!.Reason);
        }
        var back = b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(100)), Step);
        Assert.Equal(OracleValidity.Valid, Btc(b).Validity);
        Assert.Empty(back.Events.OfType<PriceConfirmed>());
        Assert.Equal(-100 * Size.Scale, b.SizeUnits(1));
    }

    [Fact]
    public void SpikeHeldForTheWindow_IsConfirmedAndFollowed()
    {
        var b = Book();
        ApplyResult last = default!;
        for (var t = 0; t <= 600; t += (int)Step) last = b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(130)), Step);
        var confirmed = Assert.Single(last.Events.OfType<PriceConfirmed>());
        Assert.Equal((Price.FromDollars(130), 300_000L, 600L, 1), (confirmed.Price, confirmed.MovePpm, confirmed.PendingSeconds, confirmed.Sources));
        Assert.Equal(Price.FromDollars(130), Btc(b).Mark);
        Assert.Equal(OracleValidity.Valid, Btc(b).Validity);
        // The confirmed jump is the new reference: the next report at the same price is simply valid.
        b.Mark(130, advance: Step);
        Assert.Equal(OracleValidity.Valid, Btc(b).Validity);
        Assert.Equal([1L], b.Engine.FindLiquidatable(TestBook.Btc));
        b.Ok(LiquidateShort(b), 0);
    }

    [Fact]
    public void QuorumOfAgreeingSources_CarriesAJumpAtOnce_ASingleOneWaits()
    {
        var b = Book(sources: 2);
        var first = b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(130)), Step);
        // 130 against 100: both 13 % from their median, both rejected: no valid index, and the source that jumped is named.
        Assert.Equal(OracleValidity.InsufficientSources, Btc(b).Validity);
        Assert.Equal(Price.FromDollars(100), Btc(b).Mark);
        var suspect = Assert.Single(first.Events.OfType<OracleSourceSuspected>());
        Assert.Equal((0, 300_000L), (suspect.Source, suspect.MovePpm));
        var second = b.Ok(new OracleReport(TestBook.Btc, 1, Price.FromDollars(130)), 0);
        var confirmed = Assert.Single(second.Events.OfType<PriceConfirmed>());
        Assert.Equal((0L, 2), (confirmed.PendingSeconds, confirmed.Sources));
        Assert.Equal(Price.FromDollars(130), Btc(b).Mark);
    }

    [Fact]
    public void TwoSourcesDisagree_MarkFrozenReduceOnly_NoLiquidation_ReducingAllowed()
    {
        var b = Book(sources: 2);
        var r = b.Ok(new OracleReport(TestBook.Btc, 1, Price.FromDollars(65)), Step);
        b.Mark(100, source: 0, advance: 0);
        var m = Btc(b);
        Assert.Equal(OracleValidity.InsufficientSources, m.Validity);
        Assert.Equal(MarketStatus.ReduceOnly, m.Status);
        Assert.Equal(Price.FromDollars(100), m.Mark);
        Assert.Equal(1, m.SuspectSource);
        Assert.Equal((1, 350_000L), (r.Events.OfType<OracleSourceSuspected>().Single().Source, r.Events.OfType<OracleSourceSuspected>().Single().MovePpm));
        // Opening is refused; the long account 2 can still sell half back to 1 (both reduce).
        Assert.Equal(RejectReason.MarketReduceOnly, b.Apply(new Trade(TestBook.Btc, 2, 99, new Size(Size.Scale), Price.FromDollars(100)), 1).Rejection!.Reason);
        b.Ok(new Trade(TestBook.Btc, 1, 2, new Size(50 * Size.Scale), Price.FromDollars(100)));
    }

    [Fact]
    public void SilentFeed_TurnsStaleOnATick_HaltsLiquidations_KeepsReducing()
    {
        var b = Book();
        var age = Btc(b).Params.Oracle.MaxReportAgeSeconds;
        var lastReport = Btc(b).Reports[0]!.Value.Time;
        var early = b.Engine.Apply(new Tick { Time = lastReport + age });
        Assert.Equal(RejectReason.NothingDue, early.Rejection!.Reason);
        var tick = b.Engine.Apply(new Tick { Time = lastReport + age + 1 });
        Assert.True(tick.Accepted, tick.Rejection?.ToString());
        var regraded = Assert.Single(tick.Events.OfType<OracleRegraded>());
        Assert.Equal((OracleValidity.Valid, OracleValidity.Stale), (regraded.From, regraded.To));
        Assert.Equal(MarketStatus.Halted, Btc(b).Status);
        var t = lastReport + age + 2;
        Assert.Equal(RejectReason.OracleInvalid, b.Engine.Apply(LiquidateShort(b) with { Time = t }).Rejection!.Reason);
        Assert.True(b.Engine.Apply(new Trade(TestBook.Btc, 1, 2, new Size(10 * Size.Scale), Price.FromDollars(100)) { Time = t }).Accepted);
        Assert.Equal(RejectReason.MarketHalted, b.Engine.Apply(new Trade(TestBook.Btc, 2, 99, new Size(Size.Scale), Price.FromDollars(100)) { Time = t }).Rejection!.Reason);
    }

    [Fact]
    public void VolatilityBand_HandWorked()
    {
        var dm = new DynamicMarginParams();
        var v = new VolatilityMonitor();
        v.Observe(100 * Price.Scale, 0, dm);
        v.Observe(101 * Price.Scale, 60, dm);
        // r = 1 % = 10,000 ppm; v = 0.06 × 10,000² = 6,000,000 ppm²; σ = ⌊√6,000,000⌋ = 2,449 ppm.
        Assert.Equal(6_000_000, v.VariancePpm2);
        Assert.Equal(2_449, v.VolatilityPpm);
        Assert.Equal(19_592, v.BandPpm(8, 60, 60));   // 8 × 2,449
        Assert.Equal(39_184, v.BandPpm(8, 240, 60));  // × √4
        Assert.Equal(19_592, v.BandPpm(8, 1, 60));    // the horizon is at least one sample
        // A 1 % return over four minutes counts as a quarter of the variance of one over one minute.
        var sparse = new VolatilityMonitor();
        sparse.Observe(100 * Price.Scale, 0, dm);
        sparse.Observe(101 * Price.Scale, 240, dm);
        Assert.Equal(1_500_000, sparse.VariancePpm2);
    }

    [Fact]
    public void TwoSourcesThatDisagree_AreNeverConfirmedByTime_HoweverLongTheMoveLasts()
    {
        var b = Book(sources: 2);
        // Both sources move up (beyond the 5 % band of the held $100) but 4 % apart (beyond the 2 % divergence band),
        // for twice the confirmation window: the move persists, the price stays contested.
        for (var t = 0; t < 80; t++)
        {
            b.Mark(108, 0, advance: Step);
            b.Mark(112, 1, advance: 0);
            Assert.NotEqual(OracleValidity.Valid, Btc(b).Validity);
            Assert.Equal(Price.FromDollars(100), Btc(b).Mark);
        }
        Assert.False(b.Apply(LiquidateShort(b), 0).Accepted);
        // When they agree again the move is carried by both at once.
        b.Mark(111, 0, advance: Step);
        Assert.Equal(OracleValidity.Valid, Btc(b).Validity);
        Assert.Equal(new Price(Price.FromDollars(111).Units + Price.Scale / 2), Btc(b).Mark);
    }

    [Fact]
    public void VolatilityRatchet_SwingsInsideTheBand_DoNotWidenTheBand()
    {
        var b = Book();
        // One source swings ±4 % every minute for half an hour: each print is inside the 5 % floor and confirmed at once,
        // but none holds for the confirmation window.
        for (var i = 0; i < 30; i++) b.Mark(i % 2 == 0 ? 104 : 100, advance: 60);
        Assert.Equal(50_000, PriceConfirmation.TooVolatileBandPpm(Btc(b), b.Time + 60));
        Assert.Equal(0, Btc(b).BandVolatility.VariancePpm2);
        // So a +10 % print still waits for confirmation.
        b.Mark(110, advance: 60);
        Assert.Equal(OracleValidity.TooVolatile, Btc(b).Validity);
        Assert.Equal(Price.FromDollars(100), Btc(b).Mark);
    }

    [Fact]
    public void VolatileHistory_WidensTheBand_QuietHistoryKeepsTheFloor()
    {
        var quiet = Book();
        quiet.Mark(110, advance: Step);
        Assert.Equal(OracleValidity.TooVolatile, Btc(quiet).Validity);

        var wild = Book();
        // Levels ±4 % apart, each held for 11 minutes (longer than the confirmation window, so the volatility estimate
        // sees every move), for four hours: σ per minute above 1 %, so 8σ covers a 10 % move.
        for (var i = 0; i < 22 * 11; i++) wild.Mark(i / 11 % 2 == 0 ? 104 : 100, advance: 60);
        Assert.True(PriceConfirmation.TooVolatileBandPpm(Btc(wild), wild.Time + 60) > 100_000, $"band {PriceConfirmation.TooVolatileBandPpm(Btc(wild), wild.Time + 60)}");
        wild.Mark(110, advance: 60);
        Assert.Equal(OracleValidity.Valid, Btc(wild).Validity);
        Assert.Equal(Price.FromDollars(110), Btc(wild).Mark);
    }
}

public class CrossMarginAtBadMarksTests
{
    [Fact]
    public void OneMarketUnconfirmed_AccountJudgedAtItsLastConfirmedMark_InEveryMarket()
    {
        var b = new TestBook(new MarketParams(), 100);
        const int Eth = 2;
        b.Ok(new CreateMarket(Eth, "ETH-USD", new MarketParams(), Price.FromDollars(100)));
        for (var t = 0; t < 20; t++)
        {
            b.Mark(100, advance: 15);
            b.Ok(new OracleReport(Eth, 0, Price.FromDollars(100)), 0);
        }
        b.Deposit(1, 2_100); b.Deposit(99, 1_000_000);
        // Account 1: long 100 BTC and 100 ETH at $100 ($20,000 at 10×).
        b.Buy(1, 99, 100, 100);
        b.Ok(new Trade(Eth, 1, 99, new Size(100 * Size.Scale), Price.FromDollars(100)));
        // ETH's only source prints −40 %: unconfirmed, ETH's mark stays at $100.
        b.Ok(new OracleReport(Eth, 0, Price.FromDollars(60)), 15);
        Assert.Equal(Price.FromDollars(100), b.Engine.State.Markets[Eth].Mark);
        // BTC −4 % is confirmed: at ETH's confirmed $100 the account keeps $2,100 − $10 fees − $400 = $1,690 over $1,100 maintenance.
        b.Mark(96, advance: 0);
        var margin = b.Engine.MarginOf(1);
        Assert.Equal(Usd.FromDollars(1_690), margin.Equity);
        // MM: BTC 5 % × 1.25 (its −4 % minute moved the volatility multiplier one 0.25 step) × $9,600 = $600, ETH 5 % × $10,000 = $500.
        Assert.Equal(Usd.FromDollars(1_100), margin.MaintenanceRequirement);
        Assert.False(margin.BelowMaintenance);
        Assert.Empty(b.Engine.FindLiquidatable(TestBook.Btc));
        // New risk and withdrawals wait for ETH's price; a liquidation in ETH itself waits for a confirmed price.
        Assert.Equal(RejectReason.OracleInvalid, b.Apply(new Withdraw(1, Usd.FromDollars(1)), 0).Rejection!.Reason);
        Assert.Equal(RejectReason.OracleInvalid, b.Apply(new Liquidate(1, Eth, 99, Price.FromDollars(95)), 0).Rejection!.Reason);
    }
}

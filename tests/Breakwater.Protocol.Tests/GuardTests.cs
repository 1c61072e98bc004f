using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

public class GuardTests
{
    [Fact]
    public void Breaker_EntersLimitThenBreachHeldAfterLimitPeriod()
    {
        var p = new BreakerParams(); // ±10 %, 30 s limit state
        var b = new CircuitBreaker();
        Assert.Equal(BreakerSignal.InBand, b.Evaluate(109, 100, p, p.Band.Ppm, 1_000));
        Assert.Equal(BreakerSignal.Limit, b.Evaluate(111, 100, p, p.Band.Ppm, 1_015));
        Assert.Equal(BreakerSignal.Limit, b.Evaluate(112, 100, p, p.Band.Ppm, 1_030));
        Assert.Equal(BreakerSignal.BreachHeld, b.Evaluate(112, 100, p, p.Band.Ppm, 1_045));
        Assert.Equal(BreakerSignal.InBand, b.Evaluate(105, 100, p, p.Band.Ppm, 1_060));
        Assert.False(b.InLimit);
    }

    [Fact]
    public void Ladder_HaltThenStagedRecoveryAfterEachCooldown()
    {
        var p = new MarketParams(); // halt 300 s, reduce-only 300 s, elevated 600 s
        var l = new LadderState();
        Assert.Equal(ResponseLevel.Normal, l.Step(ResponseLevel.Severe, IncidentTrigger.PriceBandBreachHeld, 1_000, p));
        Assert.Equal(MarketStatus.Halted, LadderState.StatusFor(l.Level));
        Assert.Null(l.Step(ResponseLevel.Normal, IncidentTrigger.None, 1_299, p)); // cooldown not over
        Assert.Equal(ResponseLevel.Severe, l.Step(ResponseLevel.Normal, IncidentTrigger.None, 1_300, p));
        Assert.Equal(MarketStatus.ReduceOnly, LadderState.StatusFor(l.Level));
        Assert.Null(l.Step(ResponseLevel.Normal, IncidentTrigger.None, 1_599, p));
        Assert.Equal(ResponseLevel.High, l.Step(ResponseLevel.Normal, IncidentTrigger.None, 1_600, p));
        Assert.Equal(ResponseLevel.Elevated, l.Level);
        Assert.Equal(ResponseLevel.Elevated, l.Step(ResponseLevel.Normal, IncidentTrigger.None, 2_200, p));
        Assert.Equal(ResponseLevel.Normal, l.Level);
    }

    [Fact]
    public void Ladder_TriggerStillPresent_RenewsAndHolds()
    {
        var p = new MarketParams();
        var l = new LadderState();
        l.Step(ResponseLevel.High, IncidentTrigger.PriceBandLimit, 1_000, p);
        l.Step(ResponseLevel.High, IncidentTrigger.PriceBandLimit, 1_250, p);
        Assert.Null(l.Step(ResponseLevel.Normal, IncidentTrigger.None, 1_400, p)); // only 150 s since last held
        Assert.Equal(1_250 + 300, l.ExpiresAt(p));
    }

    [Fact]
    public void VolatilityMonitor_StepsAtMostOneStepPerSampleAndStaysWithinBounds()
    {
        var p = new DynamicMarginParams(); // baseline 0.5 %, max 3×, step 0.25×, λ 0.94
        var v = new VolatilityMonitor();
        v.Observe(100_00000000, 0, p);
        // A 10 % return: variance 0.06 × 0.1² = 6e-4 → vol 2.449 % → target 4.9× → clamped to 3×, but one step: 1.25×.
        Assert.True(v.Observe(110_00000000, 60, p));
        Assert.Equal(600_000_000, v.VariancePpm2);
        Assert.Equal(24_494, v.VolatilityPpm);
        Assert.Equal(1_250_000, v.MultiplierPpm);
        Assert.False(v.Observe(110_00000000, 100, p)); // inside the sample interval: no change
        for (var i = 2; i < 20; i++) v.Observe(i % 2 == 0 ? 100_00000000 : 110_00000000, i * 60, p);
        Assert.Equal(3_000_000, v.MultiplierPpm);
    }

    private static TestBook GuardedBook(int sources)
    {
        var p = new MarketParams { Oracle = new OracleParams { SourceCount = sources, Quorum = Math.Min(2, sources) } };
        var b = new TestBook(p, 100);
        for (var t = 0; t < 20; t++)
            for (var s = 0; s < sources; s++) b.Mark(100, s, advance: s == 0 ? 15 : 0);
        return b;
    }

    [Fact]
    public void OutlierSpikeOnOneOfThreeSources_IndexHoldsAndIncidentOpens()
    {
        var b = GuardedBook(3);
        var opened = new List<IncidentOpened>();
        for (var t = 0; t < 20; t++) // five minutes of 15-second reports, source 2 at +30 %
        {
            opened.AddRange(b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(100)), 15).Events.OfType<IncidentOpened>());
            opened.AddRange(b.Ok(new OracleReport(TestBook.Btc, 1, Price.FromDollars(100)), 0).Events.OfType<IncidentOpened>());
            opened.AddRange(b.Ok(new OracleReport(TestBook.Btc, 2, Price.FromDollars(130)), 0).Events.OfType<IncidentOpened>());
            var m = b.Engine.State.Markets[TestBook.Btc];
            Assert.Equal(Price.FromDollars(100), m.Index); // moved by less than the 5 % outlier band: not at all
            Assert.Equal(MarketStatus.Active, m.Status);
        }
        var incident = Assert.Single(opened);
        Assert.Equal(IncidentTrigger.OracleDiverging, incident.Trigger);
    }

    [Fact]
    public void SpikeOnOnlySource_TooVolatileFreezesTheMarkReduceOnly()
    {
        var b = GuardedBook(1);
        var r = b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(130)), 15);
        var m = b.Engine.State.Markets[TestBook.Btc];
        Assert.Equal(Oracle.OracleValidity.TooVolatile, m.Validity);
        Assert.Equal(MarketStatus.ReduceOnly, m.Status);
        Assert.Equal(Price.FromDollars(100), m.Mark); // an unconfirmed index never moves the mark
        var change = Assert.Single(r.Events.OfType<LadderLevelChanged>());
        // A flat history has no volatility: the band in force is the 5 % floor.
        Assert.Equal((ResponseLevel.Normal, ResponseLevel.High, IncidentTrigger.OracleTooVolatile, 300_000L, 50_000L), (change.From, change.To, change.Trigger, change.EvidenceValue, change.EvidenceThreshold));
    }

    [Fact]
    public void UntrustedOracle_RefusesNewRiskButDoesNotBlockWithdrawalsOfNonHolders()
    {
        var b = GuardedBook(1);
        b.Deposit(1, 10_000); b.Deposit(2, 10_000);
        b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(130)), 15);
        var trade = b.Apply(new Trade(TestBook.Btc, 1, 2, new Size(Size.Scale), Price.FromDollars(100)));
        Assert.Equal(RejectReason.MarketReduceOnly, trade.Rejection!.Reason);
        // Account 1 holds nothing in the halted, too-volatile market: its withdrawal goes through.
        b.Ok(new Withdraw(1, Usd.FromDollars(5_000)));
    }

    [Fact]
    public void ReduceOnlyMarket_RefusesIncreasesAcceptsReductions()
    {
        var b = GuardedBook(1);
        b.Deposit(1, 10_000); b.Deposit(2, 10_000);
        b.Buy(1, 2, 10, 100);
        // +11 % holds the band for 30 s: limit (level 2, reduce-only), then the breach is held (halt) — so stop at the limit.
        b.Ok(new OracleReport(TestBook.Btc, 0, Price.FromDollars(111)), 15);
        Assert.Equal(MarketStatus.ReduceOnly, b.Engine.State.Markets[TestBook.Btc].Status);
        Assert.Equal(RejectReason.MarketReduceOnly, b.Apply(new Trade(TestBook.Btc, 1, 2, new Size(Size.Scale), Price.FromDollars(111))).Rejection!.Reason);
        b.Ok(new Trade(TestBook.Btc, 2, 1, new Size(Size.Scale), Price.FromDollars(111)));
    }

    [Fact]
    public void LiquidationThrottle_CapsNotionalPerWindow()
    {
        var p = TestBook.Plain() with { Ladder = new LadderParams { Enabled = false, LiquidationThrottlePerWindow = Usd.FromDollars(20_000) } };
        var b = new TestBook(p);
        b.Deposit(1, 10_000); b.Deposit(2, 1_000_000); b.Deposit(99, 10_000_000);
        b.Buy(1, 2, 10, 10_000); // $100k at 10x
        b.Mark(9_200); // equity 2,000 < MM 4,600; restoring IM would take 8.7 BTC ($80k)
        var r = b.Ok(new Liquidate(1, TestBook.Btc, 99, Price.FromDollars(9_200)));
        var liq = Assert.Single(r.Events.OfType<Liquidated>());
        Assert.Equal(217_391_304, liq.Size.Units); // floor($20,000 / $9,200) to 1e-8: the window's whole budget
        Assert.Equal(RejectReason.LiquidationThrottled, b.Apply(new Liquidate(1, TestBook.Btc, 99, Price.FromDollars(9_200))).Rejection!.Reason);
    }

    [Fact]
    public void OpenInterestCap_TightensWithTheLadderLevel()
    {
        var p = new MarketParams { OpenInterestCap = new Size(10 * Size.Scale), Oracle = new OracleParams { SourceCount = 3, Quorum = 2 } };
        var b = new TestBook(p, 100);
        for (var t = 0; t < 20; t++)
            for (var s = 0; s < 3; s++) b.Mark(100, s, advance: s == 0 ? 15 : 0);
        b.Deposit(1, 100_000); b.Deposit(2, 100_000);
        b.Buy(1, 2, 7, 100);
        // An outlier on one source opens a level-1 incident: the cap in force is 10 × 75 % = 7.5.
        b.Ok(new OracleReport(TestBook.Btc, 2, Price.FromDollars(130)), 15);
        Assert.Equal(ResponseLevel.Elevated, b.Engine.State.Markets[TestBook.Btc].Ladder.Level);
        Assert.Equal(750_000_000, b.Engine.State.Markets[TestBook.Btc].EffectiveOpenInterestCap.Units);
        Assert.Equal(RejectReason.OpenInterestCap, b.Apply(new Trade(TestBook.Btc, 1, 2, new Size(Size.Scale), Price.FromDollars(100))).Rejection!.Reason);
        b.Ok(new Trade(TestBook.Btc, 1, 2, new Size(Size.Scale / 2), Price.FromDollars(100)));
        b.Ok(new Trade(TestBook.Btc, 2, 1, new Size(Size.Scale), Price.FromDollars(100))); // reductions always pass
    }
}

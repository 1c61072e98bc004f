using Breakwater.Protocol.Events;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;
using Breakwater.Watch.Detectors;

namespace Breakwater.Watch.Tests;

public class DetectorTests
{
    private static OracleUpdated Report(int source, double price, double index = 100)
        => new(0, source, new Price((long)(price * Price.Scale)), new Price((long)(index * Price.Scale)), new Price((long)(index * Price.Scale)), OracleValidity.Valid, 3, 0);

    [Fact]
    public void OracleDivergence_OneSourceThirtyPercentOff_FiresOnItsSecondReport()
    {
        var d = new OracleDivergenceDetector();
        var findings = new List<Finding>();
        for (var t = 0; t < 10; t++)
            for (var s = 0; s < 3; s++)
                findings.AddRange(d.Observe(1_000 + t * 15, Report(s, s == 2 && t >= 4 ? 130 : 100)));
        var f = Assert.Single(findings);
        Assert.Equal(1_000 + 5 * 15, f.Time); // second divergent report of source 2
        Assert.Equal(0.3, f.Value, 6);
        Assert.Equal(2, f.Level);
    }

    [Fact]
    public void OracleDivergence_AgreeingSources_NeverFire()
    {
        var d = new OracleDivergenceDetector();
        for (var t = 0; t < 100; t++)
            for (var s = 0; s < 3; s++)
                Assert.Empty(d.Observe(t * 15, Report(s, 100 + s * 0.5)));
    }

    [Fact]
    public void Volatility_QuietThenTenPercentMinute_FiresWithZAboveThreshold()
    {
        var d = new VolatilitySpikeDetector();
        var findings = new List<Finding>();
        var price = 100.0;
        for (var i = 0; i < 60; i++)
        {
            price *= i % 2 == 0 ? 1.001 : 0.999;
            findings.AddRange(d.Observe(i * 60, Report(0, price, price)));
        }
        Assert.Empty(findings);
        var spike = d.Observe(60 * 60, Report(0, price * 0.9, price * 0.9)).ToList();
        var f = Assert.Single(spike);
        Assert.True(f.Value > 6, $"z = {f.Value}");
    }


    [Theory]
    // A daily feed moving ±2 % a day for 12 days: the bias-corrected σ is 2 %, so a −9 % day is z ≈ 4.7 (no finding)
    // and a −15 % day z ≈ 8.1 (a finding). Uncorrected averages that start at zero would give σ ≈ 1.1 % after 12
    // samples and flag the −9 % day at z ≈ 8.5.
    [InlineData(0.91, false)]
    [InlineData(0.85, true)]
    public void Volatility_DailyFeed_IsJudgedAgainstAnUnbiasedSigmaAfterTwelveDays(double move, bool fires)
    {
        var d = new VolatilitySpikeDetector();
        var price = 100.0;
        Assert.Empty(d.Observe(0, Report(0, price, price)));
        for (var day = 1; day <= 12; day++)
        {
            price *= Math.Exp(day % 2 == 0 ? 0.02 : -0.02);
            Assert.Empty(d.Observe(day * 86_400L, Report(0, price, price)));
        }
        var findings = d.Observe(13 * 86_400L, Report(0, price * move, price * move)).ToList();
        Assert.Equal(fires, findings.Count == 1);
        if (fires) Assert.InRange(findings[0].Value, 7.8, 8.4);
    }
    [Fact]
    public void Staleness_FifteenSecondSourceSilentFor400Seconds_FiresOnce()
    {
        var d = new OracleStalenessDetector();
        for (var t = 0; t <= 600; t += 15) Assert.Empty(d.Observe(t, Report(0, 100)));
        var f = Assert.Single(d.Observe(1_000, Report(0, 100))); // 400 s after the last report; allowed max(300, 10 × 15)
        Assert.Equal(400, f.Value);
        Assert.Equal(300, f.Threshold);
        Assert.Empty(d.Observe(1_015, Report(0, 100)));
    }

    [Fact]
    public void Staleness_SourceThatPrintsEveryTwoMinutes_IsJudgedByItsOwnRhythm()
    {
        var d = new OracleStalenessDetector();
        for (var t = 0; t <= 3_600; t += 120) Assert.Empty(d.Observe(t, Report(0, 100)));
        Assert.Empty(d.Observe(3_600 + 400, Report(0, 100)));   // 400 s: within 10 × its 120 s rhythm
        Assert.Single(d.Observe(4_000 + 1_500, Report(0, 100))); // 1,500 s: silent
    }

    [Fact]
    public void TvlOutflow_ElevenPercentWithinTheHour_IsCritical()
    {
        var d = new TvlOutflowDetector();
        for (var a = 1; a <= 10; a++) Assert.Empty(d.Observe(0, new Deposited(a, Usd.FromDollars(100_000), Usd.FromDollars(100_000))));
        Assert.Empty(d.Observe(10, new Withdrawn(1, Usd.FromDollars(40_000), Usd.FromDollars(60_000))));
        var f = Assert.Single(d.Observe(20, new Withdrawn(2, Usd.FromDollars(70_000), Usd.FromDollars(30_000))), x => x.Type == "tvl-outflow");
        Assert.Equal(Severity.Critical, f.Severity);
        Assert.Equal(0.11, f.Value, 6); // 110,000 of the 1,000,000 held before the run
    }

    [Fact]
    public void Conservation_AnyGapIsCritical()
    {
        Assert.Null(ConservationCheck.Check(0, 100m, 150m, 50m, 0m));
        Assert.Equal(Severity.Critical, ConservationCheck.Check(0, 100.000001m, 150m, 50m, 0m)!.Severity);
    }

    [Fact]
    public void Benchmark_CountsTruePositivesFalsePositivesMissesAndLatency()
    {
        var events = new List<(long, ProtocolEvent)>();
        for (var t = 0; t < 40; t++)
            for (var s = 0; s < 3; s++)
                events.Add((t * 15, Report(s, s == 0 && t is >= 10 and < 14 ? 130 : 100)));
        // Labelled: the manipulation (150 s to 210 s) and one incident nothing could see (500 s to 510 s).
        var c = new LabelledCase("test", events, [new Label(150, 210, IncidentClass.SourceDivergence), new Label(500, 510, IncidentClass.SourceDivergence)]);
        var scores = DetectionBenchmark.Evaluate([c], () => [new OracleDivergenceDetector()], graceSeconds: 0);
        var d = scores.Single(s => s.Detector == "oracle-divergence");
        Assert.Equal((1, 0, 1, 1), (d.TruePositives, d.FalsePositives, d.Detected, d.Missed));
        Assert.Equal(15, d.MedianLatency); // fires on the second divergent report, 15 s after the start
        Assert.Equal(0.5, d.Recall);
        Assert.Equal("overall", scores[^1].Detector);
    }

    [Fact]
    public void Reference_IndexSixPercentFromChainlinkForThreeUpdates_Fires()
    {
        var reference = new List<(long, double)> { (0, 100.0), (3_600, 100.0) };
        var d = new ReferenceDivergenceDetector(0, reference);
        Assert.Empty(d.Observe(100, Report(0, 104, 104)));      // 4 %: inside the 5 % band
        Assert.Empty(d.Observe(115, Report(0, 106, 106)));
        Assert.Empty(d.Observe(130, Report(0, 106, 106)));
        var f = Assert.Single(d.Observe(145, Report(0, 106, 106)));
        Assert.Equal(0.06, f.Value, 6);
        Assert.Empty(d.Observe(10_000, Report(0, 130, 130)));   // the reference is stale by then: no judgement
    }

    [Fact]
    public void TvlOutflow_ADominantBackstopDoesNotHideARun()
    {
        var d = new TvlOutflowDetector();
        Assert.Empty(d.Observe(0, new Deposited(1, Usd.FromDollars(50_000_000), Usd.FromDollars(50_000_000)))); // backstop
        for (var a = 2; a < 12; a++) Assert.Empty(d.Observe(0, new Deposited(a, Usd.FromDollars(100_000), Usd.FromDollars(100_000))));
        // 10 % of the others' $1M (the backstop's $50M left out): at the hour's 10 % it is not yet a fast run, but above the
        // slow window's 6 % it is one; and 1 of 11 funded accounts (9.1 %) emptied out.
        var findings = d.Observe(10, new Withdrawn(2, Usd.FromDollars(100_000), Usd.Zero)).ToList();
        var byValue = Assert.Single(findings, f => f.Type == "tvl-outflow");
        Assert.Equal((0.1, 0.06), (Math.Round(byValue.Value, 6), byValue.Threshold));
        Assert.Contains(findings, f => f.Type == "withdrawal-run");
    }

    [Fact]
    public void TvlOutflow_ManySmallAccountsEmptyingOut_IsARunByHeadCount()
    {
        var d = new TvlOutflowDetector();
        Assert.Empty(d.Observe(0, new Deposited(1, Usd.FromDollars(1_000_000_000), Usd.FromDollars(1_000_000_000)))); // the backstop dwarfs them
        for (var a = 2; a < 102; a++) Assert.Empty(d.Observe(0, new Deposited(a, Usd.FromDollars(1_000), Usd.FromDollars(1_000))));
        var findings = new List<Finding>();
        for (var a = 2; a < 14; a++) findings.AddRange(d.Observe(a, new Withdrawn(a, Usd.FromDollars(900), Usd.FromDollars(100))));
        // 7 of 101 funded accounts (6.9 % > 6 %) have emptied out within six hours: the run shows on the 7th.
        var f = findings.First();
        Assert.Equal("withdrawal-run", f.Type);
        Assert.Equal(8, f.Time);
        Assert.Equal(7 / 101.0, f.Value, 6);
    }

    private static TradeSettled Fill(long buyer, long seller) => new(0, buyer, seller, new Size(100 * Size.Scale), Price.FromDollars(100), Usd.Zero, Usd.Zero);

    [Fact]
    public void FlashLoan_DepositTradeWithdrawWithinAMinute_FiresOnceAtTheWithdrawal()
    {
        var d = new FlashLoanDetector();
        Assert.Empty(d.Observe(1_000, new Deposited(7, Usd.FromDollars(5_000_000), Usd.FromDollars(5_000_000))));
        Assert.Empty(d.Observe(1_000, Fill(7, 1)));
        Assert.Empty(d.Observe(1_000, Fill(1, 7)));
        var f = Assert.Single(d.Observe(1_000, new Withdrawn(7, Usd.FromDollars(5_400_000), Usd.Zero)));
        Assert.Equal(("flash-loan", 0.0, 2, -1), (f.Type, f.Value, f.Level, f.Market));
        Assert.Empty(d.Observe(1_001, new Withdrawn(7, Usd.FromDollars(1), Usd.Zero)));
    }

    [Theory]
    [InlineData(50_000, 10, true)]    // below the $100,000 floor
    [InlineData(5_000_000, 61, true)] // withdrawn 61 s after the deposit: outside the window
    [InlineData(5_000_000, 10, false)]
    public void FlashLoan_SmallOrSlowRoundTrips_AndDepositsWithoutATrade_AreNotFindings(long dollars, long withdrawAfter, bool traded)
    {
        var d = new FlashLoanDetector();
        Assert.Empty(d.Observe(0, new Deposited(7, Usd.FromDollars(dollars), Usd.FromDollars(dollars))));
        if (traded) Assert.Empty(d.Observe(5, Fill(7, 1)));
        Assert.Empty(d.Observe(withdrawAfter, new Withdrawn(7, Usd.FromDollars(dollars), Usd.Zero)));
    }
}

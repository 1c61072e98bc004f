using Breakwater.Protocol.Events;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;
using Breakwater.Watch.Detectors;

namespace Breakwater.Watch.Tests;

/// <summary>The honest benchmark (own-class recall, calm false alarms, latency from the first report) and the detectors it drove.</summary>
public class DetectionQualityTests
{
    private static OracleUpdated Report(int source, double price, double index = 100, int market = 0)
        => new(market, source, new Price((long)(price * Price.Scale)), new Price((long)(index * Price.Scale)), new Price((long)(index * Price.Scale)), OracleValidity.Valid, 2, 0);

    [Fact]
    public void Divergence_TwoSources_NamesTheOneThatMoved()
    {
        var d = new OracleDivergenceDetector();
        var findings = new List<Finding>();
        for (var t = 0; t < 40; t++)
            for (var s = 0; s < 2; s++)
                findings.AddRange(d.Observe(t * 60, Report(s, s == 1 && t >= 30 ? 80 : 100 + 0.1 * (t % 3))));
        // Both sources see the 20 % gap (each on its second report of it); both name source 1 as the one that moved, judged
        // against its own median of about 100: one incident by its dedup key.
        Assert.Equal(31 * 60, findings.Min(f => f.Time));
        Assert.All(findings, f => Assert.Equal("oracle:0:1:0", f.DedupKey));
        Assert.Equal(0.2, findings[0].Value, 2);
    }

    [Fact]
    public void Staleness_TheProtocolsStaleGrade_IsOneOutageAtOnce_AndAVenuesDataGapIsNot()
    {
        var d = new OracleStalenessDetector();
        var findings = new List<Finding>();
        // Four sources every minute for a day; source 3 skips 20 minutes once (a data gap: three others carry the price).
        for (var t = 0; t < 1_440; t++)
            for (var s = 0; s < 4; s++)
                if (!(s == 3 && t is >= 600 and < 620)) findings.AddRange(d.Observe(t * 60, Report(s, 100)));
        Assert.Empty(findings);
        // Then the protocol grades the market Stale: one finding, however often it is repeated.
        findings.AddRange(d.Observe(90_000, new OracleRegraded(0, OracleValidity.Valid, OracleValidity.Stale, Price.FromDollars(100))));
        findings.AddRange(d.Observe(90_100, new OracleRegraded(0, OracleValidity.Stale, OracleValidity.Stale, Price.FromDollars(100))));
        var f = Assert.Single(findings);
        Assert.Equal((90_000L, 2), (f.Time, f.Level));
    }

    [Fact]
    public void Staleness_TooFewSourcesBriefly_IsNotAnOutage_ForTenMinutesItIs()
    {
        var d = new OracleStalenessDetector();
        Assert.Empty(d.Observe(1_000, new OracleRegraded(0, OracleValidity.Valid, OracleValidity.InsufficientSources, Price.FromDollars(100))));
        Assert.Empty(d.Observe(1_120, Report(0, 100)));
        Assert.Empty(d.Observe(1_180, new OracleRegraded(0, OracleValidity.InsufficientSources, OracleValidity.Valid, Price.FromDollars(100))));
        Assert.Empty(d.Observe(2_000, new OracleRegraded(0, OracleValidity.Valid, OracleValidity.InsufficientSources, Price.FromDollars(100))));
        Assert.Empty(d.Observe(2_500, Report(0, 100)));
        Assert.Single(d.Observe(2_600, Report(0, 100))); // 600 s short of sources
    }

    [Fact]
    public void Concentration_OneAccountOverTwelvePercentOfOpenInterest_ButNotTheLiquidityProvider()
    {
        var d = new ConcentrationDetector();
        var findings = new List<Finding>();
        const long provider = 1;
        Assert.Empty(d.Observe(0, Report(0, 100)).ToList()); // the mark: Observe is lazy, so enumerate it
        // 100 traders each buy 1,000 units from the provider: open interest 100,000 units = $10M.
        for (var a = 10; a < 110; a++)
            findings.AddRange(d.Observe(a, new TradeSettled(0, a, provider, new Size(1_000 * Size.Scale), Price.FromDollars(100), Usd.Zero, Usd.Zero)));
        Assert.Empty(findings); // the provider is short all of it, and is left out
        // A whale buys 20,000 more: 20,000 / 120,000 = 16.7 % of open interest.
        var f = Assert.Single(d.Observe(200, new TradeSettled(0, 999, provider, new Size(20_000 * Size.Scale), Price.FromDollars(100), Usd.Zero, Usd.Zero)));
        Assert.Equal(20_000.0 / 120_000, f.Value, 6);
    }

    [Fact]
    public void Concentration_AProtocolOwnedAccountTheOperatorLists_IsNotATrader()
    {
        // The same 16.7 % position, held by account 3, which the operator lists as the liquidity provider's hedge account.
        foreach (var (ignore, expected) in new[] { (Array.Empty<long>(), 1), (new long[] { 3 }, 0) })
        {
            var d = new ConcentrationDetector { IgnoreAccounts = ignore };
            Assert.Empty(d.Observe(0, Report(0, 100)).ToList());
            for (var a = 10; a < 110; a++)
                Assert.Empty(d.Observe(a, new TradeSettled(0, a, 1, new Size(1_000 * Size.Scale), Price.FromDollars(100), Usd.Zero, Usd.Zero)).ToList());
            Assert.Equal(expected, d.Observe(200, new TradeSettled(0, 3, 1, new Size(20_000 * Size.Scale), Price.FromDollars(100), Usd.Zero, Usd.Zero)).Count());
        }
    }

    [Fact]
    public void MoveOnset_ThreeDailySigmasFromYesterdaysClose()
    {
        var events = new List<(long, ProtocolEvent)>();
        // Day 0: alternating ±1 % → per-report log returns ±0.00995…, σ_day = sd × √n.
        var day0 = Enumerable.Range(0, 11).Select(i => i % 2 == 0 ? 100.0 : 101.0).ToList();
        for (var i = 0; i < day0.Count; i++) events.Add((i * 3_600, Report(0, day0[i], day0[i])));
        var returns = day0.Zip(day0.Skip(1), (a, b) => Math.Log(b / a)).ToList();
        var mean = returns.Average();
        var sigma = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (returns.Count - 1) * returns.Count);
        var close = day0[^1];
        // Day 1: a report just inside 3σ, then one just beyond.
        events.Add((86_400 + 60, Report(0, close * Math.Exp(-2.9 * sigma), close * Math.Exp(-2.9 * sigma))));
        events.Add((86_400 + 120, Report(0, close * Math.Exp(-3.1 * sigma), close * Math.Exp(-3.1 * sigma))));
        Assert.Equal(86_400 + 120, MoveOnset.Find(events, 0, 3));
        Assert.Null(MoveOnset.Find(events, 0, 3.2));
    }

    [Fact]
    public void MoveOnset_SigmaFromHourlyReturns_IsNotInflatedByReportToReportNoise()
    {
        // Day 0: every 15 s the report flips between $100 and $100.50 (noise, as a bar walked through its high and low),
        // but the hour-to-hour returns are zero but for a slow 2 % drift. Day 1 opens 6 % down.
        var events = new List<(long, ProtocolEvent)>();
        for (long t = 0; t < 86_400; t += 15)
        {
            var p = 100 * (1 + 0.02 * t / 86_400.0) + (t / 15 % 2 == 0 ? 0 : 0.5);
            events.Add((t, Report(0, p, p)));
        }
        events.Add((86_400 + 60, Report(0, 96, 96)));
        // Hourly sampling: σ_day from 24 smooth hourly returns ≈ 2 %/√24 · √24 ≈ tiny, so −6 % is far beyond 3σ.
        Assert.Equal(86_400 + 60, MoveOnset.Find(events, 0, 3));
        // Report to report: 5,760 returns of ±0.5 % make σ_day ≈ 0.5 % · √5,760 ≈ 38 %, and the −6 % day is "calm".
        Assert.Null(MoveOnset.Find(events, 0, 3, sampleSeconds: 0));
    }

    /// <summary>A stand-in detector for the benchmark's own arithmetic: one crash-class finding at a given time.</summary>
    private sealed class FiresOnce(long at) : IDetector
    {
        public string Name => "volatility";
        public IReadOnlyList<string> Classes => [IncidentClass.Crash];
        public IEnumerable<Finding> Observe(long time, ProtocolEvent e)
            => time == at ? [new Finding(Name, "volatility", Severity.High, 0, time, 1, 1, 1, "once")] : [];
    }

    [Fact]
    public void Benchmark_RecallOverOwnClasses_CalmFalseAlarmsPer30Days_LatencyInIntervals()
    {
        // A two-source market reporting every 60 s; source 1 is 20 % off from 600 s to 900 s.
        var attacked = new List<(long, ProtocolEvent)>();
        for (var t = 0; t < 40; t++)
            for (var s = 0; s < 2; s++)
                attacked.Add((t * 60, Report(s, s == 1 && t is >= 10 and < 15 ? 80 : 100)));
        // A calm case of 15 days where a stand-in "volatility" detector fires once.
        var calm = new List<(long, ProtocolEvent)>();
        for (var t = 0; t < 15 * 24; t++) calm.Add((t * 3_600, Report(0, 100)));
        var cases = new[]
        {
            new LabelledCase("attack", attacked, [new Label(600, 900, IncidentClass.SourceDivergence)]),
            new LabelledCase("calm", calm, []),
        };
        var scores = DetectionBenchmark.Evaluate(cases, () => [new OracleDivergenceDetector(), new FiresOnce(100 * 3_600)], 0, out var perCase);
        var divergence = scores.Single(s => s.Detector == "oracle-divergence");
        var volatility = scores.Single(s => s.Detector == "volatility");
        Assert.Equal((1, 0, 1.0), (divergence.Detected, divergence.Missed, divergence.Recall));
        // The volatility detector is not meant for source divergence: not counted as a miss.
        Assert.Equal((0, 0), (volatility.Detected, volatility.Missed));
        // Fired on the second divergent report (660 s): 60 s after the first report carrying it = 1 oracle interval.
        Assert.Equal(60, divergence.MedianLatency);
        Assert.Equal(1.0, divergence.MedianLatencyIntervals);
        // Calm: 15 days less one hour of data; its one false alarm is 30 / 14.96 ≈ 2.006 per 30 days.
        Assert.Equal(1, volatility.CalmFalsePositives);
        Assert.Equal(30.0 * 86_400 / (359 * 3_600), volatility.FalseAlarmsPer30Days!.Value, 6);
        Assert.Contains(perCase, c => c.Case == "calm" && c.FalsePositivesByDetector["volatility"] == 1);
    }

    [Fact]
    public void DetectorConfig_OverridesOneThreshold_RefusesUnknownNames_AndEveryCreateIsFresh()
    {
        var c = DetectorConfig.Parse(System.Text.Json.Nodes.JsonNode.Parse("""{"volatility": {"zThreshold": 8}, "oracleDivergence": {"band": 0.05}}"""));
        Assert.Equal(8, c.Volatility.ZThreshold);
        Assert.Equal(0.05, c.Get("oracleDivergence", "band"));
        Assert.Equal(900, c.Get("oracleStaleness", "sourceGapSeconds")); // untouched: the default
        Assert.Equal(0.2, c.With("concentration", "share", 0.2).Concentration.Share);
        Assert.Throws<System.Text.Json.JsonException>(() => DetectorConfig.Parse(System.Text.Json.Nodes.JsonNode.Parse("""{"volatility": {"zTreshold": 8}}""")));
        // Detectors keep state: two sets from one config share none of it.
        var a = c.Create().OfType<OracleDivergenceDetector>().Single();
        var b = c.Create().OfType<OracleDivergenceDetector>().Single();
        Assert.NotSame(a, b);
        Assert.Equal(0.05, b.Band);
    }
}

public class CascadeOutOfCalmTests
{
    // OI: 100 accounts long 100 units each at $100 against one short provider = 10,000 units, $1M.
    private static LiquidationCascadeDetector Book(out long t)
    {
        var d = new LiquidationCascadeDetector();
        t = 1_700_000_000;
        var hundred = Breakwater.Protocol.Numerics.Price.FromDollars(100);
        // Observe is lazy: enumerate it, or the detector never sees the event.
        _ = d.Observe(t, new Breakwater.Protocol.Events.OracleUpdated(0, 0, hundred, hundred, hundred, OracleValidity.Valid, 1, 0)).ToList();
        for (var a = 1; a <= 100; a++) _ = d.Observe(t, new Breakwater.Protocol.Events.TradeSettled(0, a, 999, new Breakwater.Protocol.Numerics.Size(100 * Breakwater.Protocol.Numerics.Size.Scale), Breakwater.Protocol.Numerics.Price.FromDollars(100), Breakwater.Protocol.Numerics.Usd.Zero, Breakwater.Protocol.Numerics.Usd.Zero)).ToList();
        return d;
    }

    private static List<Finding> Liquidate(LiquidationCascadeDetector d, long t, int first, int count)
    {
        var found = new List<Finding>();
        for (var a = first; a < first + count; a++)
            found.AddRange(d.Observe(t + a, new Breakwater.Protocol.Events.Liquidated(a, 0, 998, new Breakwater.Protocol.Numerics.Size(100 * Breakwater.Protocol.Numerics.Size.Scale),
                Breakwater.Protocol.Numerics.Price.FromDollars(100), Breakwater.Protocol.Numerics.Price.FromDollars(100), Breakwater.Protocol.Numerics.Price.FromDollars(90), Breakwater.Protocol.Numerics.Usd.Zero, true)));
        return found;
    }

    [Fact]
    public void NineAccountsOutOfAQuietDay_IsACascade()
    {
        var d = Book(out var t);
        // A day later, 9 of the 100 longs ($90,000) liquidated within minutes: share 90,000 / (910,000 + 90,000) = 9 %,
        // under the 12 % bar but over 8 % and far above a quiet day's nothing.
        var found = Liquidate(d, t + 86_400, 1, 9);
        var f = Assert.Single(found.Where(x => x.Type == "liquidation-cascade").Take(1));
        Assert.InRange(f.Value, 0.08, 0.12); // found through the calm path, not the 12 % one
    }

    [Fact]
    public void TheSameNineAfterADayOfLiquidations_IsNot()
    {
        var d = Book(out var t);
        // Through the previous day: one liquidation every 40 minutes (36 of them), the crash traffic of a bad day.
        for (var k = 0; k < 36; k++) Liquidate(d, t + 1_000 + k * 2_400, 10 + k, 1);
        var found = Liquidate(d, t + 86_400, 50, 9);
        Assert.DoesNotContain(found, f => f.Type == "liquidation-cascade");
    }
}

using System.Security.Cryptography;
using Breakwater.Lab.Data;
using Breakwater.Lab.Population;
using Breakwater.Lab.Scenarios;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Lab.Replay;

/// <summary>A flash-loan attack of a replay (see the flashLoan injection).</summary>
/// <param name="Time">The block's time, unix seconds.</param>
/// <param name="Market">Market index.</param>
/// <param name="Source">The oracle source the borrowed money pushes.</param>
/// <param name="IsLong">Direction of the attacker's position.</param>
/// <param name="Share">Borrowed collateral as a share of open interest.</param>
/// <param name="Factor">Price multiplier of the pushed source.</param>
public sealed record FlashLoanAttack(long Time, int Market, int Source, bool IsLong, double Share, double Factor);

/// <summary>One market of a prepared replay.</summary>
/// <param name="Symbol">Symbol.</param>
/// <param name="Sources">Loaded sources, in source-id order.</param>
/// <param name="Scenario">The scenario's market entry.</param>
public sealed record MarketInput(string Symbol, IReadOnlyList<SourceSeries> Sources, ScenarioMarket Scenario);

/// <summary>
/// Everything a replay needs, loaded and checked once and shared read-only by every policy: the data, the
/// merged report timeline (with injections applied), the population, and the data files' SHA-256.
/// </summary>
public sealed class ReplayInput
{
    /// <summary>The scenario.</summary>
    public required Scenario Scenario { get; init; }

    /// <summary>Markets.</summary>
    public required IReadOnlyList<MarketInput> Markets { get; init; }

    /// <summary>All oracle reports in (time, market, source) order.</summary>
    public required IReadOnlyList<TimelineItem> Timeline { get; init; }

    /// <summary>All bars in (time, market) order, for the impact model.</summary>
    public required IReadOnlyList<(int Market, Bar Bar)> Bars { get; init; }

    /// <summary>The population, by entry time.</summary>
    public required IReadOnlyList<Trader> Traders { get; init; }

    /// <summary>Scheduled withdrawal attempts (withdrawalRun), by time.</summary>
    public required IReadOnlyList<(long Time, long Account)> WithdrawalAttempts { get; init; }

    /// <summary>Concentrated-position injections.</summary>
    public required IReadOnlyList<(long Time, int Market, bool IsLong, double Share)> ConcentratedPositions { get; init; }

    /// <summary>Flash-loan attacks (flashLoan), by time.</summary>
    public required IReadOnlyList<FlashLoanAttack> FlashLoans { get; init; }

    /// <summary>Times of governance messages signed by unregistered keys (unauthorizedCalls), ascending.</summary>
    public required IReadOnlyList<long> UnauthorizedCalls { get; init; }

    /// <summary>SHA-256 of every data file read (path → hex).</summary>
    public required IReadOnlyDictionary<string, string> DataHashes { get; init; }

    /// <summary>Genesis time (unix s): a minute before the first entry.</summary>
    public long GenesisTime { get; init; }

    /// <summary>Window start (unix s).</summary>
    public long Start { get; init; }

    /// <summary>Window end (unix s).</summary>
    public long End { get; init; }

    /// <summary>Seed actually used.</summary>
    public int Seed { get; init; }

    /// <summary>Loads and checks the data, applies injections and generates the population.</summary>
    /// <exception cref="ScenarioException">missing data file, unsupported injection.</exception>
    /// <exception cref="DataException">bad data (file, line, reason).</exception>
    public static ReplayInput Prepare(Scenario scenario, string? dataDir, int? accounts, int? seed)
    {
        var start = scenario.Start.ToUnixTimeSeconds();
        var end = scenario.End.ToUnixTimeSeconds();
        var entryFrom = start - 86_400;
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var markets = LoadMarkets(scenario, dataDir, entryFrom, end, hashes);
        var (timeline, bars) = Reports(markets, entryFrom, end);
        var spec = scenario.Population with { Accounts = accounts ?? scenario.Population.Accounts, Seed = seed ?? scenario.Population.Seed };
        var injected = Inject(scenario, markets, timeline, spec);
        PublishAndSort(markets, timeline, bars, injected);
        if (timeline.Count == 0) throw new ScenarioException($"scenario {scenario.Name}: no oracle reports between {MarketDataReader.Iso(entryFrom)} and {MarketDataReader.Iso(end)}");

        var imf = scenario.Markets[0].ResolveParams(new MarketParams(), scenario.Name).InitialMarginFraction;
        var maxLeverage = Fraction.Scale / (double)imf.Ppm;
        var traders = PopulationGenerator.Generate(spec, markets.Count, maxLeverage, Math.Max(entryFrom, timeline[0].Time), start);
        return new ReplayInput
        {
            Scenario = scenario, Markets = markets, Timeline = timeline, Bars = bars, Traders = traders,
            WithdrawalAttempts = injected.Withdrawals, ConcentratedPositions = injected.Concentrated, FlashLoans = injected.FlashLoans,
            UnauthorizedCalls = injected.Unauthorized, DataHashes = hashes,
            GenesisTime = timeline[0].Time - 60, Start = start, End = end, Seed = spec.Seed,
        };
    }

    /// <summary>Every source's series from its file (hashed once per file), resampled where the scenario asks.</summary>
    private static List<MarketInput> LoadMarkets(Scenario scenario, string? dataDir, long from, long end, SortedDictionary<string, string> hashes)
    {
        var markets = new List<MarketInput>();
        foreach (var m in scenario.Markets)
        {
            var sources = new List<SourceSeries>();
            foreach (var src in m.Sources)
            {
                var path = ScenarioLoader.ResolveData(scenario, src.File, dataDir);
                if (!hashes.ContainsKey(path)) hashes[path] = Sha256(path);
                var series = MarketDataReader.Load(path, src.Venue, src.Symbol, from, end);
                sources.Add(src.ResampleSeconds is { } seconds ? BarResampler.Resample(series, seconds) : series);
            }
            markets.Add(new MarketInput(m.Symbol, sources, m));
        }
        return markets;
    }

    /// <summary>Every source's reports in the window, unsorted, and the first source's bars (for the impact model).</summary>
    private static (List<TimelineItem> Timeline, List<(int, Bar)> Bars) Reports(List<MarketInput> markets, long from, long end)
    {
        var timeline = new List<TimelineItem>();
        var bars = new List<(int, Bar)>();
        for (var mi = 0; mi < markets.Count; mi++)
            for (var si = 0; si < markets[mi].Sources.Count; si++)
            {
                foreach (var r in markets[mi].Sources[si].Reports)
                    if (r.Time >= from && r.Time <= end) timeline.Add(new TimelineItem(r.Time, mi, si, r.Units));
                if (si == 0) foreach (var b in markets[mi].Sources[si].Bars) bars.Add((mi, b));
            }
        return (timeline, bars);
    }

    private sealed record Injected(List<(long, long)> Withdrawals, List<(long, int, bool, double)> Concentrated, List<long> Unauthorized,
        List<(int Market, int Source, long From, long Until)> Outages, List<FlashLoanAttack> FlashLoans);

    /// <summary>The scenario's injections: manipulations rewrite the timeline in place; the rest become lists for the runner.</summary>
    private static Injected Inject(Scenario scenario, List<MarketInput> markets, List<TimelineItem> timeline, PopulationSpec spec)
    {
        var x = new Injected([], [], [], [], []);
        var rng = new Random(spec.Seed ^ 0x5EED);
        foreach (var inj in scenario.Injections)
        {
            var mi = inj.Market is null ? 0 : scenario.Markets.FindIndex(m => m.Symbol == inj.Market);
            var at = inj.At.ToUnixTimeSeconds();
            var until = at + inj.DurationSeconds;
            switch (inj.Type)
            {
                case "oracleManipulation":
                    CheckSource(inj, markets[mi]);
                    for (var i = 0; i < timeline.Count; i++)
                    {
                        var t = timeline[i];
                        if (t.Market == mi && t.Source == inj.Source && t.Time >= at && t.Time < until)
                            timeline[i] = t with { Units = Math.Clamp((long)Math.Round(t.Units * inj.Factor), 1, Price.MaxUnits) };
                    }
                    break;
                case "sourceOutage":
                    CheckSource(inj, markets[mi]);
                    x.Outages.Add((mi, inj.Source, at, until));
                    break;
                case "withdrawalRun":
                    for (var a = 0; a < spec.Accounts; a++)
                        if (rng.NextDouble() < inj.Fraction)
                            x.Withdrawals.Add((at + (long)(rng.NextDouble() * Math.Max(1, inj.DurationSeconds)), PopulationGenerator.FirstAccount + a));
                    break;
                case "concentratedPosition":
                    x.Concentrated.Add((at - 3_600, mi, !string.Equals(inj.Side, "short", StringComparison.OrdinalIgnoreCase), inj.Share));
                    break;
                case "flashLoan":
                    CheckSource(inj, markets[mi]);
                    x.FlashLoans.Add(new FlashLoanAttack(at, mi, inj.Source, !string.Equals(inj.Side, "short", StringComparison.OrdinalIgnoreCase), inj.Share, inj.Factor));
                    break;
                case "unauthorizedCalls":
                    for (var n = 0; n < Math.Max(1, inj.Count); n++)
                        x.Unauthorized.Add(at + (long)(rng.NextDouble() * Math.Max(1, inj.DurationSeconds)));
                    break;
            }
        }
        return x;
    }

    /// <summary>What the feeds publish, then everything in market-time order (ties by market and source).</summary>
    private static void PublishAndSort(List<MarketInput> markets, List<TimelineItem> timeline, List<(int, Bar)> bars, Injected x)
    {
        // A push feed decides what is published from what it observed, manipulated or not; a feed that is down publishes nothing.
        for (var mi = 0; mi < markets.Count; mi++)
            for (var si = 0; si < markets[mi].Scenario.Sources.Count; si++)
                markets[mi].Scenario.Sources[si].Feed?.Thin(timeline, mi, si);
        foreach (var o in x.Outages)
            timeline.RemoveAll(t => t.Market == o.Market && t.Source == o.Source && t.Time >= o.From && t.Time < o.Until);
        timeline.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Market != b.Market ? a.Market.CompareTo(b.Market) : a.Source.CompareTo(b.Source));
        bars.Sort((a, b) => a.Item2.Time != b.Item2.Time ? a.Item2.Time.CompareTo(b.Item2.Time) : a.Item1.CompareTo(b.Item1));
        x.Withdrawals.Sort();
        x.FlashLoans.Sort((a, b) => a.Time.CompareTo(b.Time));
        x.Unauthorized.Sort();
    }

    private static void CheckSource(Injection inj, MarketInput m)
    {
        if (inj.Source < 0 || inj.Source >= m.Sources.Count)
            throw new ScenarioException($"injection {inj.Type}: market {m.Symbol} has sources 0..{m.Sources.Count - 1}, not {inj.Source}");
    }

    private static string Sha256(string path)
    {
        using var f = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(f));
    }
}

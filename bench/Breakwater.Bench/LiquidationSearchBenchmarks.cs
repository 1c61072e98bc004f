using BenchmarkDotNet.Attributes;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Bench;

/// <summary>
/// Finding the accounts a price move makes liquidatable: the index against a scan of every account (baseline),
/// after a 6 % drop that puts the most-levered longs (about 1 % of accounts) under maintenance margin.
/// </summary>
[MemoryDiagnoser]
public class LiquidationSearchBenchmarks
{
    private ProtocolEngine _engine = null!;

    /// <summary>Accounts in the market.</summary>
    [Params(100_000, 1_000_000)]
    public int Accounts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = BookFixture.Build(Accounts, out var t);
        _engine.Apply(new OracleReport(BookFixture.Market, 0, Price.FromDollars(94)) { Time = t + 1 });
    }

    [Benchmark(Baseline = true)]
    public int NaiveScan() => _engine.FindLiquidatableByScan(BookFixture.Market).Count;

    [Benchmark]
    public int Indexed() => _engine.FindLiquidatable(BookFixture.Market).Count;
}

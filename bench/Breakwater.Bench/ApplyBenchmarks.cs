using BenchmarkDotNet.Attributes;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Bench;

/// <summary>
/// Transactions applied per second on a book of N accounts: 1,000 trades between existing accounts, and 1,000
/// oracle updates (each re-aggregates, runs the guards and hashes its event). Operations per invocation = 1,000.
/// </summary>
[MemoryDiagnoser]
public class ApplyBenchmarks
{
    private ProtocolEngine _engine = null!;
    private long _time;
    private int _round;

    /// <summary>Accounts in the market.</summary>
    [Params(100_000, 1_000_000)]
    public int Accounts { get; set; }

    [GlobalSetup]
    public void Setup() => _engine = BookFixture.Build(Accounts, out _time);

    [Benchmark(Baseline = true, OperationsPerInvoke = 1_000)]
    public int Trades()
    {
        var accepted = 0;
        for (var i = 0; i < 1_000; i++)
        {
            var a = 1_000 + (_round * 7_919 + i * 2) % Accounts;
            var buy = (_round + i) % 2 == 0;
            var tx = buy ? new Trade(BookFixture.Market, a, BookFixture.Maker, new Size(Size.Scale / 10), Price.FromDollars(100))
                         : new Trade(BookFixture.Market, BookFixture.Maker, a, new Size(Size.Scale / 10), Price.FromDollars(100));
            if (_engine.Apply(tx with { Time = _time }).Accepted) accepted++;
        }
        _round++;
        return accepted;
    }

    [Benchmark(OperationsPerInvoke = 1_000)]
    public int PriceUpdates()
    {
        var accepted = 0;
        for (var i = 0; i < 1_000; i++)
        {
            _time += 1;
            var price = Price.FromDollars(100) with { Units = 100 * Price.Scale + (i % 50) * 1_000_000 };
            if (_engine.Apply(new OracleReport(BookFixture.Market, 0, price) { Time = _time }).Accepted) accepted++;
        }
        return accepted;
    }
}

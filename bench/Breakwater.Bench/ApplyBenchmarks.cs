using BenchmarkDotNet.Attributes;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Bench;

/// <summary>
/// Transactions applied per second on a book of N accounts: 1,000 trades between existing accounts, and 1,000
/// oracle updates (each re-aggregates, runs the guards and hashes its event). Operations per invocation = 1,000.
/// The trades are built in the set-up (<see cref="BookFixture.TradeRounds"/>: 256 rounds of 1,000 that walk the whole
/// book and undo themselves over the 256), so their time and allocation are the engine's alone; an oracle update needs a
/// later time each, so each builds its report (about 70 B of its allocation).
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

    private const int TradeRounds = 256;
    private Trade[][] _trades = [];

    [GlobalSetup]
    public void Setup()
    {
        _engine = BookFixture.Build(Accounts, out _time);
        _trades = BookFixture.TradeRounds(Accounts, _time, TradeRounds);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1_000)]
    public int Trades()
    {
        var accepted = 0;
        var trades = _trades[_round++ % TradeRounds];
        for (var i = 0; i < trades.Length; i++)
            if (_engine.Apply(trades[i]).Accepted) accepted++;
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

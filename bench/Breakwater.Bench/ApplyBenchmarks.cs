using BenchmarkDotNet.Attributes;
using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Bench;

/// <summary>
/// Transactions applied per second on a book of N accounts: 1,000 trades between existing accounts, and 1,000
/// oracle updates (each re-aggregates, runs the guards and hashes its event). Operations per invocation = 1,000.
/// The trades are built in the set-up (128 rounds of 1,000, walking the whole book: round r trades accounts
/// 1,000 + (7,919·r + 2i) mod N), so their time and allocation are the engine's alone; an oracle update needs a later time
/// each, so each builds its report (about 70 B of its allocation).
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

    private const int TradeRounds = 128;
    private Trade[][] _trades = [];

    [GlobalSetup]
    public void Setup()
    {
        _engine = BookFixture.Build(Accounts, out _time);
        _trades = new Trade[TradeRounds][];
        for (var round = 0; round < TradeRounds; round++)
        {
            _trades[round] = new Trade[1_000];
            for (var i = 0; i < 1_000; i++)
            {
                var a = 1_000 + (round * 7_919 + i * 2) % Accounts;
                var buy = (round + i) % 2 == 0;
                _trades[round][i] = buy
                    ? new Trade(BookFixture.Market, a, BookFixture.Maker, new Size(Size.Scale / 10), Price.FromDollars(100)) { Time = _time }
                    : new Trade(BookFixture.Market, BookFixture.Maker, a, new Size(Size.Scale / 10), Price.FromDollars(100)) { Time = _time };
            }
        }
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

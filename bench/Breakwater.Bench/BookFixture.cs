using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Bench;

/// <summary>
/// A market with N accounts, each holding one position against a maker account: half long, half short,
/// leverage spread from 2× to 9.5×, so liquidation prices are spread across ±5–45 % of the entry.
/// </summary>
internal static class BookFixture
{
    public const long Maker = 1;
    public const int Market = 0;

    public static ProtocolEngine Build(int accounts, out long time)
    {
        var e = new ProtocolEngine();
        time = 1_700_000_000;
        var p = new MarketParams
        {
            Breaker = new BreakerParams { Enabled = false },
            DynamicMargin = new DynamicMarginParams { Enabled = false },
            Ladder = new LadderParams { Enabled = false },
            Oracle = new OracleParams { TooVolatileBand = Fraction.Zero, MaxReportAgeSeconds = long.MaxValue / 4 },
        };
        Must(e.Apply(new CreateMarket(Market, "BENCH-USD", p, Price.FromDollars(100)) { Time = time }));
        Must(e.Apply(new Deposit(Maker, Usd.FromDollars(1_000_000_000)) { Time = time }));
        var rng = new Random(1);
        for (var i = 0; i < accounts; i++)
        {
            var id = 1_000 + i;
            var leverage = 2.0 + 7.5 * rng.NextDouble();
            var size = new Size(10 * Size.Scale);
            Must(e.Apply(new Deposit(id, new Usd((long)(1_000 / leverage * Usd.Scale) + 1_000_000)) { Time = time }));
            var isLong = i % 2 == 0;
            Must(e.Apply((isLong ? new Trade(Market, id, Maker, size, Price.FromDollars(100)) : new Trade(Market, Maker, id, size, Price.FromDollars(100))) with { Time = time }));
        }
        return e;
    }

    private static void Must(ApplyResult r)
    {
        if (!r.Accepted) throw new InvalidOperationException(r.Rejection!.ToString());
    }
}

using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Bench;

/// <summary>
/// A market with N accounts, each holding one position against a maker account: half long, half short,
/// leverage spread from 2× to 9.5×, so liquidation prices are spread across ±5–45 % of the entry. The maker also holds
/// an inventory of 1,000 long against a counterparty, so the population's trades never take it through zero (a position
/// that closes and opens again is a new object, which is not what a trade between open positions measures).
/// </summary>
internal static class BookFixture
{
    public const long Maker = 1;
    public const long InventoryCounterparty = 2;
    public const int Market = 0;

    /// <summary>
    /// Rounds of 1,000 trades of 0.1 between the maker and the population, walking the whole book: round r &lt; R/2 trades
    /// accounts 1,000 + (7,919·r + 2i) mod N, buying when r + i is even; round r + R/2 trades the same accounts the other way.
    /// A pass over all R rounds leaves every position where it was, so applying them again and again never drifts an
    /// account into a margin refusal.
    /// </summary>
    public static Trade[][] TradeRounds(int accounts, long time, int rounds)
    {
        var trades = new Trade[rounds][];
        var half = rounds / 2;
        for (var round = 0; round < rounds; round++)
        {
            trades[round] = new Trade[1_000];
            var r = round % half;
            for (var i = 0; i < 1_000; i++)
            {
                var a = 1_000 + (r * 7_919 + i * 2) % accounts;
                var buy = ((r + i) % 2 == 0) == (round < half);
                trades[round][i] = buy
                    ? new Trade(Market, a, Maker, new Size(Size.Scale / 10), Price.FromDollars(100)) { Time = time }
                    : new Trade(Market, Maker, a, new Size(Size.Scale / 10), Price.FromDollars(100)) { Time = time };
            }
        }
        return trades;
    }

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
        Must(e.Apply(new Deposit(InventoryCounterparty, Usd.FromDollars(10_000_000)) { Time = time }));
        Must(e.Apply(new Trade(Market, Maker, InventoryCounterparty, new Size(1_000 * Size.Scale), Price.FromDollars(100)) { Time = time }));
        return e;
    }

    private static void Must(ApplyResult r)
    {
        if (!r.Accepted) throw new InvalidOperationException(r.Rejection!.ToString());
    }
}

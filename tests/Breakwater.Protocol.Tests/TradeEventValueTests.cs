using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Liquidation;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

/// <summary>
/// A settled trade's event is held as a value (<see cref="TradeSettledValue"/>) until someone asks for it: the result,
/// the observers and the chain must see exactly what the record gives, and a trade between open positions must
/// allocate nothing.
/// </summary>
public class TradeEventValueTests
{
    /// <summary>Two funded accounts, 1 long 5 BTC from 2, at a trading fee of <paramref name="feePpm"/> (default 0.1 %).</summary>
    private static TestBook Book(long feePpm = 1_000)
    {
        var b = new TestBook(TestBook.Plain(new Fraction(feePpm)));
        b.Deposit(1, 1_000_000);
        b.Deposit(2, 1_000_000);
        b.Buy(1, 2, 5, 10_000);
        return b;
    }

    [Fact]
    public void The_result_the_observer_and_the_chain_see_the_record()
    {
        var b = Book();
        var seen = new List<(ProtocolEvent Event, byte[] Hash, long Height)>();
        b.Engine.EventAppended += (_, height, e, hash) => seen.Add((e, hash.ToArray(), height));
        var before = b.Engine.Chain.Head;
        var r = b.Ok(new Trade(TestBook.Btc, 2, 1, new Size(2 * Size.Scale), Price.FromDollars(10_100)));

        // 2 BTC at 10,100 = 20,200 USD; 0.1 % fee = 20.2 USD a side.
        var expected = new TradeSettled(TestBook.Btc, 2, 1, new Size(2 * Size.Scale), Price.FromDollars(10_100), new Usd(20_200_000), new Usd(20_200_000));
        Assert.Equal([expected], r.Events);
        Assert.Equal(expected, Assert.Single(seen).Event);
        // Observed, the event is built once: the result hands out the observers' object.
        Assert.Same(seen[0].Event, r.Events[0]);
        var w = new CanonicalWriter();
        HashChain.WriteLinkBytes(w, seen[0].Height, b.Time, expected);
        var link = HashChain.Link(before, w.WrittenSpan);
        Assert.Equal(link, seen[0].Hash);
        Assert.Equal(link, b.Engine.Chain.Head);
    }

    [Fact]
    public void The_value_writes_the_records_encoding()
    {
        var v = new TradeSettledValue(3, 17, -4, new Size(123_456_789), new Price(987_654_321), new Usd(5), new Usd(long.MaxValue));
        var fromValue = new CanonicalWriter();
        v.Write(fromValue);
        var fromRecord = new CanonicalWriter();
        v.ToEvent().Write(fromRecord);
        Assert.Equal(fromRecord.ToArray(), fromValue.ToArray());
        // Kind byte, I32 market, six I64 fields.
        Assert.Equal(1 + 4 + 6 * 8, fromValue.WrittenSpan.Length);
        Assert.Equal((byte)EventKind.TradeSettled, fromValue.WrittenSpan[0]);
    }

    [Fact]
    public void An_event_emitted_after_the_trade_comes_after_it()
    {
        var b = Book();
        var ctx = new ApplyContext(b.Engine.State, new LiquidationIndex(), null).Begin(b.Time);
        var trade = new TradeSettledValue(TestBook.Btc, 1, 2, new Size(1), new Price(1), Usd.Zero, Usd.Zero);
        var fund = new InsuranceFunded(Usd.FromDollars(1), Usd.FromDollars(1));
        ctx.Emit(trade);
        Assert.Equal(trade, ctx.SingleTrade);
        ctx.Emit(fund);
        ctx.Emit(trade);
        Assert.Null(ctx.SingleTrade);
        Assert.Equal([trade.ToEvent(), fund, trade.ToEvent()], ctx.Events);
        ctx.Begin(b.Time);
        Assert.Null(ctx.SingleTrade);
        Assert.Empty(ctx.Events);
    }

    [Fact]
    public void Refused_and_default_results_have_no_events()
    {
        var b = Book();
        var r = b.Apply(new Trade(TestBook.Btc, 1, 1, new Size(Size.Scale), Price.FromDollars(10_000)));
        Assert.False(r.Accepted);
        Assert.Equal(RejectReason.SelfTrade, r.Rejection!.Reason);
        Assert.Empty(r.Events);
        Assert.True(default(ApplyResult).Accepted);
        Assert.Empty(default(ApplyResult).Events);
    }

    [Fact]
    public void A_trade_between_open_positions_allocates_nothing()
    {
        // No fee: every pass leaves each account's collateral, position and so its liquidation key where they were, so
        // the index reuses its buckets (a key that moves into a range no bucket covers yet allocates one: growth, not the trade).
        var b = Book(feePpm: 0);
        for (var account = 10; account < 20; account++)
        {
            b.Deposit(account, 100_000);
            b.Buy(account, 2, 1, 10_000);
        }
        // Each pass sells and buys back 0.1 BTC for every account: positions stay open, nothing drifts.
        var trades = new List<Trade>();
        for (var account = 10; account < 20; account++)
        {
            trades.Add(new Trade(TestBook.Btc, 1, account, new Size(Size.Scale / 10), Price.FromDollars(10_000)) { Time = b.Time });
            trades.Add(new Trade(TestBook.Btc, account, 1, new Size(Size.Scale / 10), Price.FromDollars(10_000)) { Time = b.Time });
        }
        void Pass()
        {
            foreach (var t in trades)
                if (!b.Engine.Apply(t).Accepted) throw new InvalidOperationException($"refused: {t}");
        }
        // Warm-up passes fill the pools a first fill grows (the index's buckets, the context's event list).
        for (var i = 0; i < 50; i++) Pass();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++) Pass();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

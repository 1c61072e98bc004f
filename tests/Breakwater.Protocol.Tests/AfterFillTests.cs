using Breakwater.Protocol.Accounts;
using Breakwater.Protocol.Margin;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace Breakwater.Protocol.Tests;

public class AfterFillTests
{
    [Fact]
    public void MarginAfterAFill_EqualsApplyingTheFillToACopy_ForOpensReducesFlipsAndCloses()
    {
        // Two markets (ids 0 and 1) at fixed marks; an account with positions in either or both; a fill in market 0.
        var markets = new SortedDictionary<int, Market>
        {
            [0] = new Market(0, "BTC-USD", new MarketParams(), Price.FromDollars(30_000), 1_700_000_000),
            [1] = new Market(1, "ETH-USD", new MarketParams(), Price.FromDollars(2_000), 1_700_000_000),
        };
        var sizes = Gen.Choose(-40, 40).Select(n => n * 5_000_000L);
        var cases = sizes.Zip(sizes).Zip(sizes.Zip(Gen.Choose(20_000, 40_000)))
            .Select(t => (Btc: t.Item1.Item1, Eth: t.Item1.Item2, Delta: t.Item2.Item1, FillDollars: t.Item2.Item2));
        var flips = 0;
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            Account Build()
            {
                var a = new Account(7) { Collateral = Usd.FromDollars(50_000) };
                if (c.Btc != 0) PositionMath.ApplyFill(a, 0, new Size(c.Btc), PositionMath.Cash(new Size(c.Btc), Price.FromDollars(29_000)));
                if (c.Eth != 0) PositionMath.ApplyFill(a, 1, new Size(c.Eth), PositionMath.Cash(new Size(c.Eth), Price.FromDollars(2_100)));
                return a;
            }
            var account = Build();
            var cash = PositionMath.Cash(new Size(c.Delta), Price.FromDollars(c.FillDollars));
            var fee = Usd.FromDollars(3);
            var predicted = MarginCalculator.AfterFill(account, markets, 0, new Size(c.Delta), cash, -fee);
            var copy = Build();
            PositionMath.ApplyFill(copy, 0, new Size(c.Delta), cash);
            copy.Collateral -= fee;
            Assert.Equal(MarginCalculator.Compute(copy, markets), predicted);
            // Nothing moved on the account the prediction read.
            Assert.Equal(MarginCalculator.Compute(Build(), markets), MarginCalculator.Compute(account, markets));
            if (c.Btc != 0 && c.Delta != 0 && Math.Sign(c.Btc) != Math.Sign(c.Delta) && Math.Abs(c.Delta) > Math.Abs(c.Btc)) flips++;
        }).Check(Seeded.Config(400));
        Assert.True(flips > 20, $"only {flips} side flips generated");
    }
}

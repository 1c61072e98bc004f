using Breakwater.Protocol.Accounts;
using Breakwater.Protocol.Liquidation;
using Breakwater.Protocol.Margin;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Tests;

public class AdlRankOverflowTests
{
    [Fact]
    public void RankScore_OfAWhaleAMicroDollarFromZeroEquity_SaturatesInsteadOfThrowing()
    {
        // 1,000,000 BTC long opened at $20,000, mark $30,000: notional $3e10 = 3e16 micro-dollars; × 1e6 / equity 1e-6 USD
        // = 3e22 ppm of leverage, past the 64-bit range (the old score threw, and the bankrupt account's liquidation with it).
        var whale = new Position(1) { Size = new Size(1_000_000 * Size.Scale), OpenNotional = Usd.FromDollars(20_000_000_000) };
        var tiny = new MarginSummary(new Usd(1), Usd.Zero, Usd.Zero, Usd.FromDollars(30_000_000_000));
        var score = AdlAllocator.RankScore(whale, Price.FromDollars(30_000), tiny);
        // PnL % = $1e10 / $2e10 = 500,000 ppm; leverage saturates at long.MaxValue.
        Assert.Equal((Int128)500_000 * long.MaxValue, score);

        // An ordinary candidate keeps its exact score: 10 BTC long from $20,000 at $30,000 on $100,000 equity:
        // PnL % 500,000 ppm × leverage $300,000 / $100,000 = 3,000,000 ppm.
        var plain = new Position(1) { Size = new Size(10 * Size.Scale), OpenNotional = Usd.FromDollars(200_000) };
        Assert.Equal((Int128)500_000 * 3_000_000, AdlAllocator.RankScore(plain, Price.FromDollars(30_000), new MarginSummary(Usd.FromDollars(100_000), Usd.Zero, Usd.Zero, Usd.FromDollars(300_000))));
        Assert.True(score > AdlAllocator.RankScore(plain, Price.FromDollars(30_000), new MarginSummary(Usd.FromDollars(100_000), Usd.Zero, Usd.Zero, Usd.FromDollars(300_000))));
    }
}

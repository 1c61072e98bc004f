using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

public class MarketWideTests
{
    [Fact]
    public void OiWeightedDecline_StepsEveryMarketUpTogether()
    {
        var p = new MarketParams
        {
            Breaker = new BreakerParams { Enabled = false }, DynamicMargin = new DynamicMarginParams { Enabled = false },
            Oracle = new OracleParams { TooVolatileBand = Fraction.Zero, MaxReportAgeSeconds = 100_000 },
        };
        var e = new ProtocolEngine();
        long t = 1_700_006_400; // 00:00 UTC
        void Ok(Transaction tx) => Assert.True(e.Apply(tx with { Time = ++t }).Accepted);
        Ok(new ConfigureMarketWideBreaker(new MarketWideParams()));
        Ok(new CreateMarket(0, "A-USD", p, Price.FromDollars(100)));
        Ok(new CreateMarket(1, "B-USD", p, Price.FromDollars(100)));
        Ok(new Deposit(1, Usd.FromDollars(10_000)));
        Ok(new Deposit(2, Usd.FromDollars(10_000)));
        Ok(new OracleReport(0, 0, Price.FromDollars(100)));
        Ok(new OracleReport(1, 0, Price.FromDollars(100)));
        Ok(new Trade(0, 1, 2, new Size(Size.Scale), Price.FromDollars(100)));
        Ok(new Trade(1, 1, 2, new Size(Size.Scale), Price.FromDollars(100)));

        // A falls 30 %, B is flat: equal open-interest value, so the index is down 15 % — market-wide level 1 → level 2 everywhere.
        Ok(new OracleReport(0, 0, Price.FromDollars(70)));
        Assert.Equal(150_000, e.State.MarketWideDeclinePpm);
        Assert.Equal(ResponseLevel.High, e.State.MarketWideLevel);
        Assert.All(e.State.Markets.Values, m => Assert.Equal(MarketStatus.ReduceOnly, m.Status));

        // A at 48: index down 26 % — every market halts.
        Ok(new OracleReport(0, 0, Price.FromDollars(48)));
        Assert.Equal(ResponseLevel.Severe, e.State.MarketWideLevel);
        Assert.All(e.State.Markets.Values, m => Assert.Equal(MarketStatus.Halted, m.Status));

        // The level fired once: after the halt cooldown (300 s) and the reduce-only cooldown, markets recover by their own ladders
        // although the index is still down.
        t += 301;
        Ok(new OracleReport(0, 0, Price.FromDollars(48)));
        Ok(new OracleReport(1, 0, Price.FromDollars(100)));
        Assert.All(e.State.Markets.Values, m => Assert.Equal(MarketStatus.ReduceOnly, m.Status));
        Assert.Equal(ResponseLevel.Severe, e.State.MarketWideLevel);
    }

    [Fact]
    public void Configure_AfterPositionsExist_IsRefused()
    {
        var b = new TestBook();
        b.Deposit(1, 10_000); b.Deposit(2, 10_000);
        b.Buy(1, 2, 1, 10_000);
        Assert.Equal(RejectReason.InvalidOperation, b.Apply(new ConfigureMarketWideBreaker(new MarketWideParams())).Rejection!.Reason);
    }
}

using Breakwater.Protocol.Engine;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Protocol.Tests;

/// <summary>Builds small engines for hand-worked tests: one BTC market, no fees unless asked, guards off unless asked.</summary>
internal sealed class TestBook
{
    public const int Btc = 1;
    public ProtocolEngine Engine { get; }
    public long Time { get; private set; } = 1_700_000_000;

    /// <summary>Params with the guards and grading off and no fees: the plain clearing house.</summary>
    public static MarketParams Plain(Fraction? fee = null) => new()
    {
        TradingFeeFraction = fee ?? Fraction.Zero,
        LiquidationFeeFraction = Fraction.Zero,
        PartialLiquidationThreshold = Usd.Zero,
        MaxLiquidationDiscount = Fraction.FromPercent(50),
        Oracle = new OracleParams { OutlierBand = Fraction.Zero, DivergenceBand = Fraction.Zero, TooVolatileBand = Fraction.Zero, MaxReportAgeSeconds = 1_000_000 },
        Breaker = new BreakerParams { Enabled = false },
        DynamicMargin = new DynamicMarginParams { Enabled = false },
        Ladder = new LadderParams { Enabled = false },
    };

    public TestBook(MarketParams? p = null, long price = 10_000, ProtocolEngine? engine = null)
    {
        Engine = engine ?? new ProtocolEngine();
        Ok(new CreateMarket(Btc, "BTC-USD", p ?? Plain(), Price.FromDollars(price)));
    }

    public ApplyResult Apply(Transaction tx, long advance = 1)
    {
        Time += advance;
        return Engine.Apply(tx with { Time = Time });
    }

    public ApplyResult Ok(Transaction tx, long advance = 1)
    {
        var r = Apply(tx, advance);
        Assert.True(r.Accepted, r.Rejection?.ToString());
        return r;
    }

    public void Deposit(long account, long dollars) => Ok(new Deposit(account, Usd.FromDollars(dollars)));

    public void Buy(long buyer, long seller, long btc, long price) => Ok(new Trade(Btc, buyer, seller, new Size(btc * Size.Scale), Price.FromDollars(price)));

    public void Mark(long price, int source = 0, long advance = 1) => Ok(new OracleReport(Btc, source, Price.FromDollars(price)), advance);

    public Usd Collateral(long account) => Engine.State.Accounts[account].Collateral;

    public long SizeUnits(long account) => Engine.State.Accounts[account].PositionIn(Btc)?.Size.Units ?? 0;
}

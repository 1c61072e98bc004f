using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Transactions;

/// <summary>Lists a new market (genesis or governance).</summary>
/// <param name="MarketId">New market id (≥ 0, unused).</param>
/// <param name="Symbol">Symbol, 1–32 characters.</param>
/// <param name="Params">Parameters; must pass <see cref="MarketParams.Validate"/>.</param>
/// <param name="InitialPrice">Initial index and mark, 1e-8 USD.</param>
public sealed record CreateMarket(int MarketId, string Symbol, MarketParams Params, Price InitialPrice) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.CreateMarket;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w)
    {
        w.I32(MarketId).Str(Symbol).I64(InitialPrice.Units);
        Params.Write(w);
    }
}

/// <summary>Adds USD collateral to an account, creating the account if new.</summary>
/// <param name="Account">Account id (&gt; 0).</param>
/// <param name="Amount">Amount, 1e-6 USD, &gt; 0.</param>
public sealed record Deposit(long Account, Usd Amount) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.Deposit;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I64(Account).I64(Amount.Micros);
}

/// <summary>Withdraws USD collateral; accepted only if initial margin still holds afterwards.</summary>
/// <param name="Account">Account id.</param>
/// <param name="Amount">Amount, 1e-6 USD, &gt; 0.</param>
public sealed record Withdraw(long Account, Usd Amount) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.Withdraw;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I64(Account).I64(Amount.Micros);
}

/// <summary>Adds an external contribution to the insurance fund.</summary>
/// <param name="Amount">Amount, 1e-6 USD, &gt; 0.</param>
public sealed record FundInsurance(Usd Amount) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.FundInsurance;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I64(Amount.Micros);
}

/// <summary>
/// Settles a fill matched outside the protocol: <paramref name="Buyer"/> buys <paramref name="Size"/>
/// from <paramref name="Seller"/> at <paramref name="Price"/>.
/// </summary>
/// <param name="MarketId">Market id.</param>
/// <param name="Buyer">Buying account.</param>
/// <param name="Seller">Selling account (≠ buyer).</param>
/// <param name="Size">Size, 1e-8 base units, &gt; 0, a multiple of the step size.</param>
/// <param name="Price">Price, 1e-8 USD, a multiple of the tick size.</param>
public sealed record Trade(int MarketId, long Buyer, long Seller, Size Size, Price Price) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.Trade;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32(MarketId).I64(Buyer).I64(Seller).I64(Size.Units).I64(Price.Units);
}

/// <summary>A price report from one oracle source of a market.</summary>
/// <param name="MarketId">Market id.</param>
/// <param name="Source">Source id, 0..SourceCount−1.</param>
/// <param name="Price">Reported price, 1e-8 USD, &gt; 0.</param>
public sealed record OracleReport(int MarketId, int Source, Price Price) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.OracleReport;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32(MarketId).I32(Source).I64(Price.Units);
}

/// <summary>
/// Liquidates an account below maintenance margin in one market; the liquidator takes the closed part
/// at <paramref name="FillPrice"/> (set by the keeper's liquidity model, bounded by the market's max discount).
/// </summary>
/// <param name="Account">Account to liquidate.</param>
/// <param name="MarketId">Market id.</param>
/// <param name="Liquidator">Account that takes the position (≠ account).</param>
/// <param name="FillPrice">Fill price, 1e-8 USD.</param>
public sealed record Liquidate(long Account, int MarketId, long Liquidator, Price FillPrice) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.Liquidate;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I64(Account).I32(MarketId).I64(Liquidator).I64(FillPrice.Units);
}

/// <summary>Sets the market-wide circuit breaker; accepted at genesis only (before any trade). Later changes go through the DAO.</summary>
/// <param name="Params">Levels.</param>
public sealed record ConfigureMarketWideBreaker(Guards.MarketWideParams Params) : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.ConfigureMarketWideBreaker;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => Params.Write(w);
}

/// <summary>
/// Time passing with no report: re-grades every market whose feed has gone silent past the staleness bound and lets
/// ladder cooldowns and external floors lapse on time. The node's sequencer sends one each second while idle and the lab
/// once per report interval; a tick with nothing due is refused (<see cref="Engine.RejectReason.NothingDue"/>) and so
/// never reaches the log.
/// </summary>
public sealed record Tick : Transaction
{
    /// <inheritdoc />
    public override TxKind Kind => TxKind.Tick;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) { }
}

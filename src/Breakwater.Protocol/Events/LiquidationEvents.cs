using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Events;

/// <summary>
/// Part or all of a position was liquidated into the liquidator's account at the fill price.
/// </summary>
/// <param name="Account">Liquidated account.</param>
/// <param name="Market">Market id.</param>
/// <param name="Liquidator">Account that took the position.</param>
/// <param name="Size">Signed size closed (the liquidated side's sign), 1e-8 base units.</param>
/// <param name="FillPrice">Fill price, 1e-8 USD.</param>
/// <param name="MarkPrice">Mark at the time, 1e-8 USD.</param>
/// <param name="BankruptcyPrice">Price at which the account's equity is zero, 1e-8 USD.</param>
/// <param name="Fee">Liquidation fee paid to the insurance fund, 1e-6 USD.</param>
/// <param name="Full">True when the whole position was closed.</param>
public sealed record Liquidated(long Account, int Market, long Liquidator, Size Size, Price FillPrice, Price MarkPrice, Price BankruptcyPrice, Usd Fee, bool Full) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.Liquidated;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I64(Account).I32(Market).I64(Liquidator).I64(Size.Units)
        .I64(FillPrice.Units).I64(MarkPrice.Units).I64(BankruptcyPrice.Units).I64(Fee.Micros).Bool(Full);
}

/// <summary>The insurance fund covered part of an account's deficit.</summary>
/// <param name="Account">Bankrupt account.</param>
/// <param name="Amount">Amount drawn, 1e-6 USD.</param>
/// <param name="FundAfter">Insurance fund afterwards, 1e-6 USD.</param>
public sealed record InsuranceFundDrawn(long Account, Usd Amount, Usd FundAfter) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.InsuranceFundDrawn;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I64(Account).I64(Amount.Micros).I64(FundAfter.Micros);
}

/// <summary>Part of a bankrupt position was closed against a profitable opposite position at the bankruptcy price.</summary>
/// <param name="Market">Market id.</param>
/// <param name="Bankrupt">Bankrupt account.</param>
/// <param name="Counterparty">Deleveraged account.</param>
/// <param name="Size">Size taken from the counterparty's position (positive), 1e-8 base units.</param>
/// <param name="Price">Bankruptcy price, 1e-8 USD.</param>
public sealed record AutoDeleveraged(int Market, long Bankrupt, long Counterparty, Size Size, Price Price) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.AutoDeleveraged;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32(Market).I64(Bankrupt).I64(Counterparty).I64(Size.Units).I64(Price.Units);
}

/// <summary>
/// Totals of one ADL: the size and notional deleveraged, and the minimum that would have left no
/// uncovered deficit after using the insurance fund to its limit (equal unless the mode is the greedy queue).
/// </summary>
/// <param name="Market">Market id.</param>
/// <param name="Bankrupt">Bankrupt account.</param>
/// <param name="AdlSize">Size deleveraged, 1e-8 base units.</param>
/// <param name="MinimalSize">Minimal size, 1e-8 base units.</param>
/// <param name="AdlNotional">Notional deleveraged at the bankruptcy price, 1e-6 USD.</param>
/// <param name="MinimalNotional">Minimal notional, 1e-6 USD.</param>
public sealed record AdlSummary(int Market, long Bankrupt, Size AdlSize, Size MinimalSize, Usd AdlNotional, Usd MinimalNotional) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.AdlSummary;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I32(Market).I64(Bankrupt).I64(AdlSize.Units).I64(MinimalSize.Units)
        .I64(AdlNotional.Micros).I64(MinimalNotional.Micros);
}

/// <summary>A deficit that neither the insurance fund nor ADL covered: claims now exceed assets by this much more.</summary>
/// <param name="Account">Bankrupt account.</param>
/// <param name="Market">Market whose liquidation left it.</param>
/// <param name="Amount">Amount, 1e-6 USD.</param>
/// <param name="TotalAfter">Cumulative socialized loss, 1e-6 USD.</param>
public sealed record SocializedLossRecorded(long Account, int Market, Usd Amount, Usd TotalAfter) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.SocializedLossRecorded;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I64(Account).I32(Market).I64(Amount.Micros).I64(TotalAfter.Micros);
}

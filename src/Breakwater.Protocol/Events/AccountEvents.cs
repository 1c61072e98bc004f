using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Events;

/// <summary>Collateral deposited.</summary>
/// <param name="Account">Account id.</param>
/// <param name="Amount">Amount, 1e-6 USD.</param>
/// <param name="CollateralAfter">Collateral afterwards, 1e-6 USD.</param>
public sealed record Deposited(long Account, Usd Amount, Usd CollateralAfter) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.Deposited;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I64(Account).I64(Amount.Micros).I64(CollateralAfter.Micros);
}

/// <summary>Collateral withdrawn.</summary>
/// <param name="Account">Account id.</param>
/// <param name="Amount">Amount, 1e-6 USD.</param>
/// <param name="CollateralAfter">Collateral afterwards, 1e-6 USD.</param>
public sealed record Withdrawn(long Account, Usd Amount, Usd CollateralAfter) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.Withdrawn;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I64(Account).I64(Amount.Micros).I64(CollateralAfter.Micros);
}

/// <summary>The insurance fund received an external contribution (counted as a deposit).</summary>
/// <param name="Amount">Amount, 1e-6 USD.</param>
/// <param name="FundAfter">Insurance fund afterwards, 1e-6 USD.</param>
public sealed record InsuranceFunded(Usd Amount, Usd FundAfter) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.InsuranceFunded;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => w.I64(Amount.Micros).I64(FundAfter.Micros);
}

/// <summary>A matched fill settled between two accounts.</summary>
/// <param name="Market">Market id.</param>
/// <param name="Buyer">Buying account.</param>
/// <param name="Seller">Selling account.</param>
/// <param name="Size">Filled size (positive), 1e-8 base units.</param>
/// <param name="Price">Fill price, 1e-8 USD.</param>
/// <param name="BuyerFee">Fee paid by the buyer, 1e-6 USD.</param>
/// <param name="SellerFee">Fee paid by the seller, 1e-6 USD.</param>
public sealed record TradeSettled(int Market, long Buyer, long Seller, Size Size, Price Price, Usd BuyerFee, Usd SellerFee) : ProtocolEvent
{
    /// <inheritdoc />
    public override EventKind Kind => EventKind.TradeSettled;

    /// <inheritdoc />
    protected override void WriteBody(CanonicalWriter w) => new TradeSettledValue(Market, Buyer, Seller, Size, Price, BuyerFee, SellerFee).WriteBody(w);
}

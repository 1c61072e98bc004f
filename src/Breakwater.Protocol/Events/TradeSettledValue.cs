using Breakwater.Protocol.Hashing;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Protocol.Events;

/// <summary>
/// A <see cref="TradeSettled"/> held as a value: the one event of a settled trade, kept in the engine's apply context and
/// in the <see cref="Engine.ApplyResult"/> without an object, so the hottest transaction allocates nothing unless someone
/// asks for the event (an <c>EventAppended</c> observer, <see cref="Engine.ApplyResult.Events"/>). Same fields, units and
/// canonical encoding as the record, which writes its body through this type.
/// </summary>
internal readonly record struct TradeSettledValue(int Market, long Buyer, long Seller, Size Size, Price Price, Usd BuyerFee, Usd SellerFee)
{
    /// <summary>The event object, allocated on each call.</summary>
    public TradeSettled ToEvent() => new(Market, Buyer, Seller, Size, Price, BuyerFee, SellerFee);

    /// <summary>Writes the full canonical encoding: the kind byte, then the body.</summary>
    public void Write(CanonicalWriter w) => WriteBody(w.U8((byte)EventKind.TradeSettled));

    /// <summary>Writes the fields after the kind byte: I32 market, then I64 buyer, seller, size, price and both fees.</summary>
    public void WriteBody(CanonicalWriter w) => w.I32(Market).I64(Buyer).I64(Seller).I64(Size.Units).I64(Price.Units)
        .I64(BuyerFee.Micros).I64(SellerFee.Micros);
}

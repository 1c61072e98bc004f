using System.Text.Json;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Oracle;

namespace Breakwater.Watch;

/// <summary>
/// Turns the node's event-stream JSON (<c>{"seq", "height", "time", "kind", "hash", "data": {…}}</c>) back into the
/// protocol's event records, exactly (decimal text → fixed point). Kinds detectors do not use come back as null.
/// </summary>
public static class EventJsonReader
{
    /// <summary>One streamed event: sequence, market time and the event (null when not needed by detectors).</summary>
    public static (long Seq, long Time, ProtocolEvent? Event) Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var seq = root.GetProperty("seq").GetInt64();
        var time = root.GetProperty("time").GetInt64();
        var d = root.GetProperty("data");
        ProtocolEvent? e = root.GetProperty("kind").GetString() switch
        {
            nameof(EventKind.OracleUpdated) => new OracleUpdated(I(d, "market"), I(d, "source"), P(d, "reported"), P(d, "index"), P(d, "mark"),
                Enum.Parse<OracleValidity>(d.GetProperty("validity").GetString()!, true), I(d, "acceptedSources"), d.GetProperty("rejectedMask").GetUInt64()),
            nameof(EventKind.TradeSettled) => new TradeSettled(I(d, "market"), L(d, "buyer"), L(d, "seller"), S(d, "size"), P(d, "price"), U(d, "buyerFee"), U(d, "sellerFee")),
            nameof(EventKind.Liquidated) => new Liquidated(L(d, "account"), I(d, "market"), L(d, "liquidator"), S(d, "size"), P(d, "fillPrice"), P(d, "markPrice"), P(d, "bankruptcyPrice"), U(d, "fee"), d.GetProperty("full").GetBoolean()),
            nameof(EventKind.AutoDeleveraged) => new AutoDeleveraged(I(d, "market"), L(d, "bankrupt"), L(d, "counterparty"), S(d, "size"), P(d, "price")),
            nameof(EventKind.InsuranceFunded) => new InsuranceFunded(U(d, "amount"), U(d, "fundAfter")),
            nameof(EventKind.InsuranceFundDrawn) => new InsuranceFundDrawn(L(d, "account"), U(d, "amount"), U(d, "fundAfter")),
            nameof(EventKind.Deposited) => new Deposited(L(d, "account"), U(d, "amount"), U(d, "collateralAfter")),
            nameof(EventKind.Withdrawn) => new Withdrawn(L(d, "account"), U(d, "amount"), U(d, "collateralAfter")),
            nameof(EventKind.MarketCreated) => new MarketCreated(I(d, "market"), d.GetProperty("symbol").GetString()!,
                d.GetProperty("params").Deserialize<MarketParams>(Crypto.JsonFormat.Options) ?? throw new JsonException("MarketCreated without params"), P(d, "initialPrice")),
            _ => null,
        };
        return (seq, time, e);
    }

    private static int I(JsonElement d, string n) => d.GetProperty(n).GetInt32();
    private static long L(JsonElement d, string n) => d.GetProperty(n).GetInt64();
    private static Price P(JsonElement d, string n) => new(FixedFormat.Parse(d.GetProperty(n).GetRawText(), 8));
    private static Size S(JsonElement d, string n) => new(FixedFormat.Parse(d.GetProperty(n).GetRawText(), 8));
    private static Usd U(JsonElement d, string n) => new(FixedFormat.Parse(d.GetProperty(n).GetRawText(), 6));
}

using System.Text.Json;
using Breakwater.Crypto;
using Breakwater.Protocol.Access;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Server;

/// <summary>
/// Parses <c>POST /v1/tx</c> bodies: <c>{"type": …, fields}</c> with types
/// <c>deposit {account, amount}</c>, <c>withdraw {account, amount}</c>, <c>fundInsurance {amount}</c>,
/// <c>trade {market, buyer, seller, size, price}</c>, <c>oracleReport {market, source, price}</c>,
/// <c>liquidate {account, market, liquidator, fillPrice}</c>, <c>execute {operation}</c>.
/// Amounts are USD, prices USD per unit, sizes base units — as JSON numbers or strings, read exactly.
/// </summary>
public static class TxRequest
{
    /// <summary>Parses one request.</summary>
    /// <exception cref="FormatException">unknown type, missing or malformed field (named).</exception>
    public static Transaction Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) throw new FormatException("the body must be a JSON object");
        var type = Str(body, "type");
        if (body.TryGetProperty("message", out _) || body.TryGetProperty("buy", out _)) return ParseSigned(type, body);
        if (Fields.TryGetValue(type, out var known))
            foreach (var p in body.EnumerateObject())
                if (p.Name != "type" && !known.Contains(p.Name))
                    throw new FormatException($"unknown field '{p.Name}' for a {type} (known: {string.Join(", ", known)})");
        return type switch
        {
            "deposit" => new Deposit(Long(body, "account"), Usd(body, "amount")),
            "withdraw" => new Withdraw(Long(body, "account"), Usd(body, "amount")),
            "fundInsurance" => new FundInsurance(Usd(body, "amount")),
            "trade" => new Trade(Int(body, "market"), Long(body, "buyer"), Long(body, "seller"), new Size(Fixed(body, "size", 8)), new Price(Fixed(body, "price", 8))),
            "oracleReport" => new OracleReport(Int(body, "market"), Int(body, "source"), new Price(Fixed(body, "price", 8))),
            "liquidate" => new Liquidate(Long(body, "account"), Int(body, "market"), Long(body, "liquidator"), new Price(Fixed(body, "fillPrice", 8))),
            "execute" => new ExecuteOperation(Crypto.Hex.Parse(Str(body, "operation"), "operation")),
            _ => throw new FormatException($"unknown transaction type '{type}' (deposit, withdraw, fundInsurance, trade, oracleReport, liquidate, execute)"),
        };
    }

    /// <summary>
    /// Signed mode: <c>deposit {message: Deposit, signatures: ["0x…"]}</c> (bridge), <c>withdraw {message: Withdraw, signature}</c>,
    /// <c>trade {buy: {message: Order, signature}, sell: {message: Order, signature}, price}</c> (price in USD like open mode),
    /// <c>oracleReport {message: OracleReport, signature}</c>, <c>liquidate {message: Liquidation, signature}</c>; messages
    /// as in <see cref="UserTypedData.Read"/>.
    /// </summary>
    private static Transaction ParseSigned(string type, JsonElement body)
    {
        string[] allowed = type switch
        {
            "deposit" => ["message", "signatures"],
            "trade" => ["buy", "sell", "price"],
            "withdraw" or "oracleReport" or "liquidate" => ["message", "signature"],
            _ => throw new FormatException($"a signed '{type}' does not exist (signed: deposit, withdraw, trade, oracleReport, liquidate)"),
        };
        Known(body, type, allowed);
        switch (type)
        {
            case "deposit":
                var sigs = Field(body, "signatures") is { ValueKind: JsonValueKind.Array } a && a.GetArrayLength() is > 0 and <= 64
                    ? a.EnumerateArray().Select(x => Signature(x, "signatures[]")).ToList()
                    : throw new FormatException("field 'signatures' must be an array of 1–64 signatures");
                return new BridgeDeposit((DepositMessage)UserTypedData.Read("Deposit", Field(body, "message")), sigs);
            case "withdraw":
                return new SignedWithdraw((WithdrawMessage)UserTypedData.Read("Withdraw", Field(body, "message")), Signature(Field(body, "signature"), "signature"));
            case "oracleReport":
                return new SignedOracleReport((ReportMessage)UserTypedData.Read("OracleReport", Field(body, "message")), Signature(Field(body, "signature"), "signature"));
            case "liquidate":
                return new SignedLiquidate((LiquidationMessage)UserTypedData.Read("Liquidation", Field(body, "message")), Signature(Field(body, "signature"), "signature"));
            default:
                var (buy, buySig) = SignedOrder(body, "buy");
                var (sell, sellSig) = SignedOrder(body, "sell");
                return new MatchOrders(buy, buySig, sell, sellSig, Fixed(body, "price", 8));
        }
    }

    private static (OrderMessage, byte[]) SignedOrder(JsonElement body, string side)
    {
        var o = Field(body, side);
        if (o.ValueKind != JsonValueKind.Object) throw new FormatException($"field '{side}' must be an object {{message, signature}}");
        Known(o, side, ["message", "signature"]);
        return ((OrderMessage)UserTypedData.Read("Order", Field(o, "message")), Signature(Field(o, "signature"), $"{side}.signature"));
    }

    private static byte[] Signature(JsonElement v, string name)
    {
        var sig = v.ValueKind == JsonValueKind.String ? Crypto.Hex.Parse(v.GetString()!, name) : throw new FormatException($"'{name}' must be a 0x-hex string");
        return sig.Length == 65 ? sig : throw new FormatException($"'{name}' must be 65 bytes (r‖s‖v), not {sig.Length}");
    }

    private static void Known(JsonElement o, string what, string[] allowed)
    {
        foreach (var p in o.EnumerateObject())
            if (p.Name != "type" && !allowed.Contains(p.Name))
                throw new FormatException($"unknown field '{p.Name}' for a signed {what} (known: {string.Join(", ", allowed)})");
    }

    /// <summary>The fields each type takes besides <c>type</c>; anything else is refused, so a typo never passes silently.</summary>
    private static readonly Dictionary<string, string[]> Fields = new(StringComparer.Ordinal)
    {
        ["deposit"] = ["account", "amount"],
        ["withdraw"] = ["account", "amount"],
        ["fundInsurance"] = ["amount"],
        ["trade"] = ["market", "buyer", "seller", "size", "price"],
        ["oracleReport"] = ["market", "source", "price"],
        ["liquidate"] = ["account", "market", "liquidator", "fillPrice"],
        ["execute"] = ["operation"],
    };

    private static JsonElement Field(JsonElement o, string name)
        => o.TryGetProperty(name, out var v) ? v : throw new FormatException($"field '{name}' is missing");

    private static string Str(JsonElement o, string name)
        => Field(o, name) is { ValueKind: JsonValueKind.String } v ? v.GetString()! : throw new FormatException($"field '{name}' must be a string");

    private static long Long(JsonElement o, string name)
        => Field(o, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out var n) ? n : throw new FormatException($"field '{name}' must be an integer");

    private static int Int(JsonElement o, string name)
        => Field(o, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out var n) ? n : throw new FormatException($"field '{name}' must be a 32-bit integer");

    private static Usd Usd(JsonElement o, string name) => new(Fixed(o, name, 6));

    private static long Fixed(JsonElement o, string name, int decimals)
    {
        var v = Field(o, name);
        var text = v.ValueKind switch
        {
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.String => v.GetString()!,
            _ => throw new FormatException($"field '{name}' must be a number"),
        };
        return FixedFormat.TryParse(text, decimals, out var units, out var error) ? units : throw new FormatException($"field '{name}': {error}");
    }
}

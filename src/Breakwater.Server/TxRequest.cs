using System.Text.Json;
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

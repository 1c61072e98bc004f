using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Breakwater.Protocol.Access;
using Breakwater.Protocol.Governance;

namespace Breakwater.Crypto;

/// <summary>
/// Signed-mode user messages as <c>eth_signTypedData_v4</c> JSON (what a wallet shows and signs), signing with a key file,
/// and reading a message object back: <c>{"account": "0x…", "amount": 1000000, …}</c>, integers as JSON numbers or decimal
/// strings in the core's units (USD 1e-6, prices and sizes 1e-8).
/// </summary>
public static class UserTypedData
{
    /// <summary>Typed data of a user message (<see cref="DepositMessage"/>, <see cref="WithdrawMessage"/>, <see cref="OrderMessage"/>, <see cref="ReportMessage"/>, <see cref="LiquidationMessage"/>).</summary>
    /// <exception cref="ArgumentException">another type.</exception>
    public static JsonObject Of(GovernanceDomain d, object message) => GovernanceTypedData.Build(d, PrimaryType(message), MessageJson(message));

    /// <summary>The primary type of a user message.</summary>
    /// <exception cref="ArgumentException">another type.</exception>
    public static string PrimaryType(object message) => message switch
    {
        DepositMessage => "Deposit",
        WithdrawMessage => "Withdraw",
        OrderMessage => "Order",
        ReportMessage => "OracleReport",
        LiquidationMessage => "Liquidation",
        _ => throw new ArgumentException($"{message.GetType().Name} is not a signed-mode user message", nameof(message)),
    };

    /// <summary>
    /// Signs a user message with <paramref name="key"/>: the digest comes from the generic EIP-712 encoder over the typed
    /// data JSON, so what is signed is exactly what a wallet would show.
    /// </summary>
    public static byte[] Sign(GovernanceDomain d, object message, KeyFile key)
        => Secp256k1.Sign(TypedData.Parse(Of(d, message).ToJsonString()).SigningHash(), key.PrivateKey);

    /// <summary>The <c>/v1/tx</c> body of a signed-mode request: <c>{type, message, signature}</c>, signed by <paramref name="key"/>.</summary>
    public static JsonObject Request(string type, GovernanceDomain d, object message, KeyFile key)
        => new() { ["type"] = type, ["message"] = MessageJson(message), ["signature"] = Hex.Format(Sign(d, message, key)) };

    /// <summary>The <c>/v1/tx</c> body of a bridge deposit: <c>{type: "deposit", message, signatures}</c>, one signature per bridge key.</summary>
    public static JsonObject BridgeDeposit(GovernanceDomain d, DepositMessage message, IEnumerable<KeyFile> bridgeKeys)
        => new()
        {
            ["type"] = "deposit", ["message"] = MessageJson(message),
            ["signatures"] = new JsonArray(bridgeKeys.Select(k => (JsonNode)Hex.Format(Sign(d, message, k))).ToArray()),
        };

    /// <summary>The JSON message object of a user message (the typed data's <c>message</c>).</summary>
    /// <exception cref="ArgumentException">another type.</exception>
    public static JsonObject MessageJson(object message) => message switch
    {
        DepositMessage m => new JsonObject { ["account"] = m.Account.Hex, ["amount"] = m.Amount, ["depositId"] = m.DepositId, ["expiry"] = m.Expiry },
        WithdrawMessage m => new JsonObject { ["account"] = m.Account.Hex, ["amount"] = m.Amount, ["nonce"] = m.Nonce, ["expiry"] = m.Expiry },
        OrderMessage m => new JsonObject
        {
            ["account"] = m.Account.Hex, ["market"] = m.Market, ["isBuy"] = m.IsBuy, ["size"] = m.Size, ["limitPrice"] = m.LimitPrice, ["nonce"] = m.Nonce, ["expiry"] = m.Expiry,
        },
        ReportMessage m => new JsonObject { ["market"] = m.Market, ["source"] = m.Source, ["price"] = m.Price, ["timestamp"] = m.Timestamp },
        LiquidationMessage m => new JsonObject
        {
            ["liquidator"] = m.Liquidator.Hex, ["account"] = m.Account, ["market"] = m.Market, ["fillPrice"] = m.FillPrice, ["nonce"] = m.Nonce, ["expiry"] = m.Expiry,
        },
        _ => throw new ArgumentException($"{message.GetType().Name} is not a signed-mode user message", nameof(message)),
    };

    /// <summary>Reads a message object of <paramref name="primaryType"/>; unknown fields are refused, so a typo never signs something else.</summary>
    /// <exception cref="FormatException">a missing, unknown or malformed field (named).</exception>
    public static object Read(string primaryType, JsonElement m)
    {
        if (m.ValueKind != JsonValueKind.Object) throw new FormatException($"the {primaryType} message must be a JSON object");
        var known = GovernanceTypedData.FieldNames(primaryType).ToHashSet(StringComparer.Ordinal);
        foreach (var p in m.EnumerateObject())
            if (!known.Contains(p.Name)) throw new FormatException($"unknown field '{p.Name}' in a {primaryType} message (known: {string.Join(", ", known)})");
        return primaryType switch
        {
            "Deposit" => new DepositMessage(Addr(m, "account"), Long(m, "amount"), Long(m, "depositId"), Long(m, "expiry")),
            "Withdraw" => new WithdrawMessage(Addr(m, "account"), Long(m, "amount"), Long(m, "nonce"), Long(m, "expiry")),
            "Order" => new OrderMessage(Addr(m, "account"), Int(m, "market"), Bool(m, "isBuy"), Long(m, "size"), Long(m, "limitPrice"), Long(m, "nonce"), Long(m, "expiry")),
            "OracleReport" => new ReportMessage(Int(m, "market"), Int(m, "source"), Long(m, "price"), Long(m, "timestamp")),
            "Liquidation" => new LiquidationMessage(Addr(m, "liquidator"), Long(m, "account"), Int(m, "market"), Long(m, "fillPrice"), Long(m, "nonce"), Long(m, "expiry")),
            _ => throw new FormatException($"'{primaryType}' is not a signed-mode user message"),
        };
    }

    private static JsonElement Field(JsonElement o, string name)
        => o.TryGetProperty(name, out var v) ? v : throw new FormatException($"message field '{name}' is missing");

    private static Address Addr(JsonElement o, string name)
        => Field(o, name) is { ValueKind: JsonValueKind.String } v ? Address.Parse(v.GetString()!) : throw new FormatException($"message field '{name}' must be a 0x address string");

    private static bool Bool(JsonElement o, string name)
        => Field(o, name).ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => throw new FormatException($"message field '{name}' must be true or false") };

    private static int Int(JsonElement o, string name)
    {
        var n = Long(o, name);
        return n <= int.MaxValue ? (int)n : throw new FormatException($"message field '{name}' must be below 2^31");
    }

    /// <summary>A non-negative 64-bit integer from a JSON integer or a decimal string (no exponent, no fraction).</summary>
    private static long Long(JsonElement o, string name)
    {
        var v = Field(o, name);
        var text = v.ValueKind switch
        {
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.String => v.GetString()!,
            _ => throw new FormatException($"message field '{name}' must be an integer"),
        };
        return text.Length <= 19 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n : throw new FormatException($"message field '{name}' must be a non-negative integer below 2^63, not '{(text.Length > 40 ? text[..40] + "…" : text)}'");
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Markets;

namespace Breakwater.Crypto;

/// <summary>
/// The bridge between the core's messages (governance in <see cref="MessageTypes"/>, signed-mode user messages in
/// <see cref="Protocol.Access.UserMessageTypes"/>; one schema table for both) and <c>eth_signTypedData_v4</c> JSON: builds the JSON any
/// Ethereum wallet can sign, and reads it back into core messages. The schemas are <see cref="MessageTypes"/>.
/// </summary>
public static class GovernanceTypedData
{
    private static JsonArray Fields(params (string Name, string Type)[] f) => new(f.Select(x => (JsonNode)new JsonObject { ["name"] = x.Name, ["type"] = x.Type }).ToArray());

    // One table: each schema is read from the core's EIP-712 type string (the one its struct hashes use), never listed again.
    private static readonly Dictionary<string, (string Name, string Type)[]> Schemas = new[]
    {
        MessageTypes.Attestation, MessageTypes.Pause, MessageTypes.Veto, MessageTypes.Cancel, MessageTypes.Proposal, MessageTypes.ThreatSignal,
        Protocol.Access.UserMessageTypes.Deposit, Protocol.Access.UserMessageTypes.Withdraw, Protocol.Access.UserMessageTypes.Order,
        Protocol.Access.UserMessageTypes.OracleReport, Protocol.Access.UserMessageTypes.Liquidation, NodeCheckpoint.Type,
    }.Select(ParseType).ToDictionary(t => t.Name, t => t.Fields, StringComparer.Ordinal);

    /// <summary>"Name(type a,type b)" → (Name, [(a, type), (b, type)]).</summary>
    internal static (string Name, (string Name, string Type)[] Fields) ParseType(string type)
    {
        var open = type.IndexOf('(');
        var fields = type[(open + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split(' ')).Select(f => (f[1], f[0])).ToArray();
        return (type[..open], fields);
    }

    /// <summary>The primary types this bridge builds and reads.</summary>
    public static IEnumerable<string> PrimaryTypes => Schemas.Keys.Order(StringComparer.Ordinal);

    /// <summary>The field names of a primary type, in schema order.</summary>
    /// <exception cref="KeyNotFoundException">not one of the protocol's types.</exception>
    public static IEnumerable<string> FieldNames(string primaryType) => Schemas[primaryType].Select(f => f.Name);

    /// <summary>Builds typed-data JSON for a message of <paramref name="primaryType"/> with the given message fields.</summary>
    public static JsonObject Build(GovernanceDomain domain, string primaryType, JsonObject message) => new()
    {
        ["types"] = new JsonObject
        {
            ["EIP712Domain"] = Fields(("name", "string"), ("version", "string"), ("chainId", "uint256"), ("verifyingContract", "address")),
            [primaryType] = Fields(Schemas[primaryType]),
        },
        ["primaryType"] = primaryType,
        ["domain"] = new JsonObject { ["name"] = domain.Name, ["version"] = domain.Version, ["chainId"] = domain.ChainId, ["verifyingContract"] = domain.VerifyingContract.Hex },
        ["message"] = message,
    };

    /// <summary>Typed data of an attestation.</summary>
    public static JsonObject Of(GovernanceDomain d, AttestationMessage m) => Build(d, "Attestation", new JsonObject
    {
        ["market"] = m.Market, ["level"] = m.Level, ["incident"] = Hex.Format(m.Incident), ["durationSeconds"] = m.DurationSeconds, ["nonce"] = m.Nonce, ["expiry"] = m.Expiry,
    });

    /// <summary>Typed data of a pause.</summary>
    public static JsonObject Of(GovernanceDomain d, PauseMessage m) => Build(d, "Pause", new JsonObject
    {
        ["market"] = m.Market, ["flags"] = (int)m.Flags, ["durationSeconds"] = m.DurationSeconds, ["nonce"] = m.Nonce, ["expiry"] = m.Expiry,
    });

    /// <summary>Typed data of a veto.</summary>
    public static JsonObject Of(GovernanceDomain d, VetoMessage m) => Build(d, "Veto", new JsonObject
    {
        ["operation"] = Hex.Format(m.Operation), ["nonce"] = m.Nonce, ["expiry"] = m.Expiry,
    });

    /// <summary>Typed data of a DAO fast-cancel.</summary>
    public static JsonObject Of(GovernanceDomain d, CancelMessage m) => Build(d, "Cancel", new JsonObject
    {
        ["operation"] = Hex.Format(m.Operation), ["nonce"] = m.Nonce, ["expiry"] = m.Expiry,
    });

    /// <summary>Typed data of a DAO proposal.</summary>
    public static JsonObject Of(GovernanceDomain d, ProposalMessage m) => Build(d, "Proposal", new JsonObject
    {
        ["kind"] = (int)m.Kind, ["payload"] = Hex.Format(m.Payload), ["nonce"] = m.Nonce, ["expiry"] = m.Expiry,
    });

    /// <summary>Reads the domain of typed data.</summary>
    /// <exception cref="FormatException">missing or malformed fields.</exception>
    public static GovernanceDomain Domain(JsonElement typedData)
    {
        var d = typedData.GetProperty("domain");
        return new GovernanceDomain(d.GetProperty("name").GetString()!, d.GetProperty("version").GetString()!, Long(d.GetProperty("chainId")), Address.Parse(d.GetProperty("verifyingContract").GetString()!));
    }

    /// <summary>Reads the message of typed data into the core record for its primary type.</summary>
    /// <exception cref="FormatException">unknown primary type or malformed fields.</exception>
    public static object Message(JsonElement typedData)
    {
        var type = typedData.GetProperty("primaryType").GetString();
        var m = typedData.GetProperty("message");
        try
        {
            return type switch
            {
                "Attestation" => new AttestationMessage((int)Long(m.GetProperty("market")), (int)Long(m.GetProperty("level")), Hex.Parse(m.GetProperty("incident").GetString()!),
                    Long(m.GetProperty("durationSeconds")), Long(m.GetProperty("nonce")), Long(m.GetProperty("expiry"))),
                "Pause" => new PauseMessage((int)Long(m.GetProperty("market")), (PauseFlags)Long(m.GetProperty("flags")), Long(m.GetProperty("durationSeconds")), Long(m.GetProperty("nonce")), Long(m.GetProperty("expiry"))),
                "Veto" => new VetoMessage(Hex.Parse(m.GetProperty("operation").GetString()!), Long(m.GetProperty("nonce")), Long(m.GetProperty("expiry"))),
                "Cancel" => new CancelMessage(Hex.Parse(m.GetProperty("operation").GetString()!), Long(m.GetProperty("nonce")), Long(m.GetProperty("expiry"))),
                "Proposal" => new ProposalMessage((DaoOperationKind)Long(m.GetProperty("kind")), Hex.Parse(m.GetProperty("payload").GetString()!), Long(m.GetProperty("nonce")), Long(m.GetProperty("expiry"))),
                _ => throw new FormatException($"primaryType '{type}' is not a Breakwater governance message (Attestation, Pause, Veto, Cancel, Proposal)"),
            };
        }
        catch (KeyNotFoundException e)
        {
            throw new FormatException($"{type} message lacks a field: {e.Message}");
        }
    }

    private static long Long(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetInt64()
        : long.Parse(e.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}

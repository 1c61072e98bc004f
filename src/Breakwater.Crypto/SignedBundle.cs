using System.Text.Json;
using System.Text.Json.Nodes;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Crypto;

/// <summary>
/// A governance action being signed: <c>{"role": "council"|"guardian"|"dao"|"watcher", "typedData": {…}, "signatures": ["0x…"]}</c>.
/// Members sign it one by one (<c>breakwater council sign</c>); once it holds enough signatures it becomes a transaction.
/// </summary>
public sealed class SignedBundle
{
    /// <summary>The signing role.</summary>
    public required Role Role { get; init; }

    /// <summary>eth_signTypedData_v4 JSON.</summary>
    public required JsonObject TypedData { get; init; }

    /// <summary>0x-hex signatures.</summary>
    public List<string> Signatures { get; init; } = [];

    /// <summary>The signing hash of the typed data.</summary>
    public byte[] SigningHash() => Crypto.TypedData.Parse(TypedData.ToJsonString()).SigningHash();

    /// <summary>Adds a signature by <paramref name="key"/>, replacing an earlier one by the same address.</summary>
    public Address Sign(KeyFile key)
    {
        var digest = SigningHash();
        Signatures.RemoveAll(s => Secp256k1.Recover(digest, Hex.Parse(s)) is { } a && Address.FromBytes(a) == key.Address);
        Signatures.Add(Hex.Format(Secp256k1.Sign(digest, key.PrivateKey)));
        return key.Address;
    }

    /// <summary>The signer of each signature (null where invalid).</summary>
    public IEnumerable<Address?> Signers()
    {
        var digest = SigningHash();
        return Signatures.Select(s => Secp256k1.Recover(digest, Hex.Parse(s)) is { } a ? Address.FromBytes(a) : (Address?)null);
    }

    /// <summary>The transaction this bundle submits.</summary>
    /// <exception cref="FormatException">the typed data is not a governance message, or role and message do not fit.</exception>
    public Transaction ToTransaction()
    {
        var sigs = Signatures.Select(s => Hex.Parse(s)).ToList();
        var message = GovernanceTypedData.Message(JsonDocument.Parse(TypedData.ToJsonString()).RootElement);
        return (message, Role) switch
        {
            (AttestationMessage a, Role.Watcher) when sigs.Count == 1 => new SubmitAttestation(a, sigs[0]),
            (PauseMessage p, Role.Council or Role.Guardian) => new SubmitPause(Role, p, sigs),
            (VetoMessage v, Role.Council) => new SubmitVeto(v, sigs),
            (CancelMessage c, Role.Dao) => new CancelOperation(c, sigs),
            (ProposalMessage p, Role.Dao) => new QueueOperation(p, sigs),
            _ => throw new FormatException($"a {message.GetType().Name.Replace("Message", "")} signed as {Role} with {sigs.Count} signature(s) is not a valid governance action"),
        };
    }

    /// <summary>Serializes.</summary>
    public string ToJson() => new JsonObject
    {
        ["role"] = Role.ToString().ToLowerInvariant(),
        ["typedData"] = TypedData.DeepClone(),
        ["signatures"] = new JsonArray(Signatures.Select(s => (JsonNode)s).ToArray()),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Parses.</summary>
    /// <exception cref="FormatException">malformed.</exception>
    public static SignedBundle Parse(string json)
    {
        try
        {
            var o = JsonNode.Parse(json)!.AsObject();
            return new SignedBundle
            {
                Role = Enum.Parse<Role>(o["role"]!.GetValue<string>(), ignoreCase: true),
                TypedData = o["typedData"]!.AsObject().DeepClone().AsObject(),
                Signatures = o["signatures"]?.AsArray().Select(x => x!.GetValue<string>()).ToList() ?? [],
            };
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"not a signed governance bundle: {e.Message}");
        }
    }

    /// <summary>Parses pause flag names ("open,liquidate").</summary>
    /// <exception cref="FormatException">an unknown name.</exception>
    public static PauseFlags ParseFlags(string text)
    {
        var flags = PauseFlags.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            flags |= Enum.TryParse<PauseFlags>(part, ignoreCase: true, out var f) && f != PauseFlags.None ? f : throw new FormatException($"unknown pause flag '{part}' (open, reduce, liquidate, deposit, withdraw, parameterupdate, all)");
        return flags;
    }
}

using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Breakwater.Crypto;

/// <summary>
/// EIP-712 hashing of <c>eth_signTypedData_v4</c> JSON ({types, primaryType, domain, message}):
/// encodeType (primary type, then referenced types sorted by name), hashStruct = keccak(typeHash ‖ encodeData),
/// signing hash = keccak(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message)). Atomic types are encoded as 32-byte
/// words (uintN/intN two's complement, address left-padded, bool, bytesN right-padded); string and bytes as their
/// keccak; arrays as the keccak of their elements' encodings; structs as their hashStruct.
/// Specification: https://eips.ethereum.org/EIPS/eip-712.
/// </summary>
public sealed class TypedData
{
    private readonly Dictionary<string, List<(string Name, string Type)>> _types;

    private TypedData(Dictionary<string, List<(string, string)>> types, string primaryType, JsonElement domain, JsonElement message)
    {
        _types = types;
        PrimaryType = primaryType;
        Domain = domain;
        Message = message;
    }

    /// <summary>The primary type.</summary>
    public string PrimaryType { get; }

    /// <summary>The domain object.</summary>
    public JsonElement Domain { get; }

    /// <summary>The message object.</summary>
    public JsonElement Message { get; }

    /// <summary>Parses eth_signTypedData_v4 JSON.</summary>
    /// <exception cref="FormatException">missing members or malformed types, with the member named.</exception>
    public static TypedData Parse(string json)
    {
        JsonElement root;
        try { root = JsonDocument.Parse(json).RootElement.Clone(); }
        catch (JsonException e) { throw new FormatException($"typed data is not JSON: {e.Message}"); }
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("typed data must be a JSON object");
        foreach (var key in new[] { "types", "primaryType", "domain", "message" })
            if (!root.TryGetProperty(key, out _)) throw new FormatException($"typed data lacks '{key}'");
        var types = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        foreach (var t in root.GetProperty("types").EnumerateObject())
        {
            var fields = new List<(string, string)>();
            foreach (var f in t.Value.EnumerateArray())
                fields.Add((f.GetProperty("name").GetString()!, f.GetProperty("type").GetString()!));
            types[t.Name] = fields;
        }
        if (!types.ContainsKey("EIP712Domain")) throw new FormatException("types lacks 'EIP712Domain'");
        var primary = root.GetProperty("primaryType").GetString()!;
        if (!types.ContainsKey(primary)) throw new FormatException($"primaryType '{primary}' is not among the types");
        return new TypedData(types, primary, root.GetProperty("domain"), root.GetProperty("message"));
    }

    /// <summary>encodeType of a struct type.</summary>
    public string EncodeType(string type)
    {
        var deps = new SortedSet<string>(StringComparer.Ordinal);
        CollectDependencies(type, deps);
        deps.Remove(type);
        var sb = new StringBuilder();
        foreach (var t in new[] { type }.Concat(deps))
            sb.Append(t).Append('(').Append(string.Join(',', _types[t].Select(f => $"{f.Type} {f.Name}"))).Append(')');
        return sb.ToString();
    }

    private void CollectDependencies(string type, SortedSet<string> found)
    {
        var baseType = type.Contains('[') ? type[..type.IndexOf('[')] : type;
        if (!_types.TryGetValue(baseType, out var fields) || !found.Add(baseType)) return;
        foreach (var (_, t) in fields) CollectDependencies(t, found);
    }

    /// <summary>keccak256(encodeType(type)).</summary>
    public byte[] TypeHash(string type) => Keccak.Hash(Encoding.UTF8.GetBytes(EncodeType(type)));

    /// <summary>hashStruct(type, value).</summary>
    public byte[] HashStruct(string type, JsonElement value)
    {
        var buffer = new List<byte>(32 * (_types[type].Count + 1));
        buffer.AddRange(TypeHash(type));
        foreach (var (name, fieldType) in _types[type])
        {
            if (!value.TryGetProperty(name, out var v)) throw new FormatException($"{type}.{name} is missing");
            buffer.AddRange(EncodeValue(fieldType, v, $"{type}.{name}"));
        }
        return Keccak.Hash(buffer.ToArray());
    }

    /// <summary>The domain separator: hashStruct("EIP712Domain", domain).</summary>
    public byte[] DomainSeparator() => HashStruct("EIP712Domain", Domain);

    /// <summary>The signing hash: keccak(0x19 0x01 ‖ domainSeparator ‖ hashStruct(primaryType, message)).</summary>
    public byte[] SigningHash() => Keccak.Hash([0x19, 0x01, .. DomainSeparator(), .. HashStruct(PrimaryType, Message)]);

    private byte[] EncodeValue(string type, JsonElement v, string where)
    {
        if (type.EndsWith(']'))
        {
            var inner = type[..type.LastIndexOf('[')];
            var all = new List<byte>();
            foreach (var e in v.EnumerateArray()) all.AddRange(EncodeValue(inner, e, where + "[]"));
            return Keccak.Hash(all.ToArray());
        }
        if (_types.ContainsKey(type)) return HashStruct(type, v);
        switch (type)
        {
            case "string": return Keccak.Hash(Encoding.UTF8.GetBytes(v.GetString() ?? throw new FormatException($"{where} must be a string")));
            case "bytes": return Keccak.Hash(Hex.Parse(v.GetString()!, where));
            case "bool": return Word(v.ValueKind == JsonValueKind.True ? BigInteger.One : v.ValueKind == JsonValueKind.False ? BigInteger.Zero : throw new FormatException($"{where} must be true or false"));
            case "address":
                var a = Hex.Parse(v.GetString()!, where);
                if (a.Length != 20) throw new FormatException($"{where} must be a 20-byte address");
                return [.. new byte[12], .. a];
        }
        if (type.StartsWith("bytes", StringComparison.Ordinal))
        {
            var b = Hex.Parse(v.GetString()!, where);
            var n = int.Parse(type.AsSpan(5), CultureInfo.InvariantCulture);
            if (b.Length != n) throw new FormatException($"{where} must be {n} bytes");
            var w = new byte[32];
            b.CopyTo(w, 0);
            return w;
        }
        if (type.StartsWith("uint", StringComparison.Ordinal) || type.StartsWith("int", StringComparison.Ordinal))
            return Word(Integer(v, where));
        throw new FormatException($"{where}: unsupported type '{type}'");
    }

    private static BigInteger Integer(JsonElement v, string where)
    {
        var text = v.ValueKind == JsonValueKind.Number ? v.GetRawText() : v.GetString() ?? "";
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return BigInteger.Parse("0" + text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"{where}: '{text}' is not an integer");
    }

    private static byte[] Word(BigInteger n)
    {
        var w = new byte[32];
        if (n.Sign < 0) n += BigInteger.One << 256;
        var bytes = n.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (bytes.Length > 32) throw new FormatException("integer does not fit 256 bits");
        bytes.CopyTo(w, 32 - bytes.Length);
        return w;
    }
}

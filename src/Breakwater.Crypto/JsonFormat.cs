using System.Text.Json;
using System.Text.Json.Serialization;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Crypto;

/// <summary>
/// JSON for the node's API and event stream, both ways: fixed-point values as exact decimal numbers (USD to 1e-6, prices
/// and sizes to 1e-8, fractions to 1e-6), enums as names, byte arrays as 0x-hex, addresses as strings. Shared by the node
/// that writes it and the watchers that read it back (<c>EventJsonReader</c>), so neither invents what the other meant.
/// </summary>
public static class JsonFormat
{
    /// <summary>Options for responses and the event stream.</summary>
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never };
        o.Converters.Add(new FixedConverter<Usd>(v => v.Micros, u => new Usd(u), 6));
        o.Converters.Add(new FixedConverter<Price>(v => v.Units, u => new Price(u), 8));
        o.Converters.Add(new FixedConverter<Size>(v => v.Units, u => new Size(u), 8));
        o.Converters.Add(new FixedConverter<Fraction>(v => v.Ppm, u => new Fraction(u), 6));
        o.Converters.Add(new AddressConverter());
        o.Converters.Add(new HexBytesConverter());
        // Levels are numbers in every message and view (0 normal … 4 critical); other enums are names. First match wins.
        o.Converters.Add(new JsonNumberEnumConverter<Protocol.Guards.ResponseLevel>());
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return o;
    }

    /// <summary>An event's fields as JSON (without the kind tag).</summary>
    public static string Event(ProtocolEvent e) => JsonSerializer.Serialize(e, e.GetType(), Options);

    /// <summary>A fixed-point value as an exact decimal number with <paramref name="decimals"/> places; read back exactly or refused.</summary>
    private sealed class FixedConverter<T>(Func<T, long> units, Func<long, T> make, int decimals) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
            return FixedFormat.TryParse(text, decimals, out var u, out var error) ? make(u) : throw new JsonException($"{typeof(T).Name} '{text}': {error}");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
            => writer.WriteRawValue(FixedFormat.Format(units(value), decimals), skipInputValidation: true);
    }

    private sealed class AddressConverter : JsonConverter<Address>
    {
        public override Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Address.Parse(reader.GetString()!);
        public override void Write(Utf8JsonWriter writer, Address value, JsonSerializerOptions options) => writer.WriteStringValue(value.Hex);
    }

    private sealed class HexBytesConverter : JsonConverter<byte[]>
    {
        public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Hex.Parse(reader.GetString()!);
        public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) => writer.WriteStringValue(Hex.Format(value));
    }
}

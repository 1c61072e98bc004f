using System.Text.Json;
using System.Text.Json.Serialization;
using Breakwater.Protocol.Events;
using Breakwater.Protocol.Governance;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Server;

/// <summary>
/// JSON for the API: fixed-point values as exact decimal numbers (USD to 1e-6, prices and sizes to 1e-8), enums as
/// names, byte arrays as 0x-hex, addresses as strings.
/// </summary>
public static class JsonFormat
{
    /// <summary>Options for responses and the event stream.</summary>
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never };
        o.Converters.Add(new FixedConverter<Usd>(v => FixedFormat.Format(v.Micros, 6)));
        o.Converters.Add(new FixedConverter<Price>(v => FixedFormat.Format(v.Units, 8)));
        o.Converters.Add(new FixedConverter<Size>(v => FixedFormat.Format(v.Units, 8)));
        o.Converters.Add(new FixedConverter<Fraction>(v => FixedFormat.Format(v.Ppm, 6)));
        o.Converters.Add(new AddressConverter());
        o.Converters.Add(new HexBytesConverter());
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return o;
    }

    /// <summary>An event's fields as JSON (without the kind tag).</summary>
    public static string Event(ProtocolEvent e) => JsonSerializer.Serialize(e, e.GetType(), Options);

    private sealed class FixedConverter<T>(Func<T, string> format) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();
        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteRawValue(format(value), skipInputValidation: true);
    }

    private sealed class AddressConverter : JsonConverter<Address>
    {
        public override Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Address.Parse(reader.GetString()!);
        public override void Write(Utf8JsonWriter writer, Address value, JsonSerializerOptions options) => writer.WriteStringValue(value.Hex);
    }

    private sealed class HexBytesConverter : JsonConverter<byte[]>
    {
        public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Crypto.Hex.Parse(reader.GetString()!);
        public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) => writer.WriteStringValue(Crypto.Hex.Format(value));
    }
}

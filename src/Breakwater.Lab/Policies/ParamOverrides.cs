using System.Text.Json;
using Breakwater.Lab.Scenarios;
using Breakwater.Protocol.Guards;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;

namespace Breakwater.Lab.Policies;

/// <summary>
/// Market parameters by name, for scenario and policy files: the names and units of <see cref="MarketParamsSchema"/>
/// (the same table the canonical encoding is written from). Fractions are decimals (0.05 = 5 %), read exactly into ppm;
/// money in whole or decimal USD; times in seconds. An unknown name is an error that names it.
/// </summary>
public static class ParamOverrides
{
    /// <summary>The names that can be set per market.</summary>
    public static IEnumerable<string> Names => MarketParamsSchema.Schema.ByName.Keys.Order(StringComparer.Ordinal);

    /// <summary>The protocol-wide names a policy can set too (the market-wide breaker).</summary>
    public static IEnumerable<string> ProtocolNames => MarketWideParams.Schema.ByName.Keys.Order(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="name"/> is a protocol-wide parameter (set once per policy, not per market).</summary>
    public static bool IsProtocolWide(string name) => MarketWideParams.Schema.ByName.ContainsKey(name);

    /// <summary>Applies the protocol-wide overrides among <paramref name="overrides"/> (the others are ignored) and validates the result.</summary>
    /// <exception cref="ScenarioException">a bad value or inconsistent declines; names the key.</exception>
    public static MarketWideParams ApplyProtocolWide(MarketWideParams p, IReadOnlyDictionary<string, JsonElement> overrides, string where)
    {
        foreach (var (key, value) in overrides.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (MarketWideParams.Schema.ByName.TryGetValue(key, out var field)) p = SetOne(field, p, key, value, where);
        }
        if (p.Validate() is { } problem) throw new ScenarioException($"{where}: {problem}");
        return p;
    }

    /// <summary>
    /// Applies the per-market overrides in key order and validates the result. Protocol-wide names are skipped when
    /// <paramref name="protocolWideAllowed"/> (a policy: <see cref="ApplyProtocolWide"/> reads them) and refused otherwise.
    /// </summary>
    /// <exception cref="ScenarioException">unknown name, wrong value type, or inconsistent parameters; names the key.</exception>
    public static MarketParams Apply(MarketParams p, IReadOnlyDictionary<string, JsonElement> overrides, string where, bool protocolWideAllowed = false)
    {
        foreach (var (key, value) in overrides.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (protocolWideAllowed && IsProtocolWide(key)) continue;
            if (!MarketParamsSchema.Schema.ByName.TryGetValue(key, out var field))
                throw new ScenarioException($"{where}: unknown parameter '{key}' (known: {string.Join(", ", Names)}{(protocolWideAllowed ? ", " + string.Join(", ", ProtocolNames) : "")})");
            p = SetOne(field, p, key, value, where);
        }
        if (p.Validate() is { } problem) throw new ScenarioException($"{where}: {problem}");
        return p;
    }

    private static T SetOne<T>(ParamField<T> field, T p, string key, JsonElement value, string where)
    {
        try { return field.Set(p, Parse(field, value)); }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            throw new ScenarioException($"{where}: parameter '{key}' has a bad value {value.GetRawText()}: {e.Message}");
        }
    }

    // A file spells a parameter in its unit: fractions and dollars as exact decimals, sizes and prices to 1e-8.
    private static long Parse<T>(ParamField<T> field, JsonElement v) => field.Unit switch
    {
        ParamUnit.Fraction or ParamUnit.Usd => FixedFormat.Parse(v.GetRawText(), 6),
        ParamUnit.Size or ParamUnit.Price => FixedFormat.Parse(v.GetRawText(), 8),
        ParamUnit.Boolean => v.GetBoolean() ? 1 : 0,
        ParamUnit.AdlMode => (long)Enum.Parse<AdlMode>(v.GetString()!, ignoreCase: true),
        _ => field.Encoding == ParamEncoding.I32 ? v.GetInt32() : v.GetInt64(),
    };
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Breakwater.Protocol.Governance;

namespace Breakwater.Crypto;

/// <summary>
/// The governance genesis file: <c>{"domain": {name, version, chainId, verifyingContract}, "watchers": {threshold,
/// members: [addresses]}, "council": …, "guardians": …, "dao": …, "timelockDelaySeconds", "maxPauseSeconds",
/// "attestationWindowSeconds", "maxWatcherActionSeconds"}</c> (durations optional, defaulting as in <see cref="GovernanceConfig"/>).
/// </summary>
public static class GovernanceFile
{
    /// <summary>Reads and validates a governance file.</summary>
    /// <exception cref="FormatException">malformed, with the member named.</exception>
    public static GovernanceConfig Load(string path)
    {
        if (!File.Exists(path)) throw new FormatException($"no governance file at {path}");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            var d = root.GetProperty("domain");
            var defaults = new GovernanceConfig { Domain = null!, Watchers = new(), Council = new(), Guardians = new(), Dao = new() };
            var config = new GovernanceConfig
            {
                Domain = ReadDomain(d),
                Watchers = Roles(root, "watchers"), Council = Roles(root, "council"), Guardians = Roles(root, "guardians"), Dao = Roles(root, "dao"),
                Peers = root.TryGetProperty("peers", out _) ? Roles(root, "peers") : new RoleSet(),
                TimelockDelaySeconds = Opt(root, "timelockDelaySeconds", defaults.TimelockDelaySeconds),
                MaxPauseSeconds = Opt(root, "maxPauseSeconds", defaults.MaxPauseSeconds),
                AttestationWindowSeconds = Opt(root, "attestationWindowSeconds", defaults.AttestationWindowSeconds),
                MaxWatcherActionSeconds = Opt(root, "maxWatcherActionSeconds", defaults.MaxWatcherActionSeconds),
            };
            if (config.Validate() is { } problem) throw new FormatException($"{path}: {problem}");
            return config;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"{path}: {e.Message}");
        }
    }

    private static long Opt(JsonElement root, string name, long fallback) => root.TryGetProperty(name, out var v) ? v.GetInt64() : fallback;

    /// <summary>Reads a domain object <c>{name, version, chainId, verifyingContract}</c>.</summary>
    /// <exception cref="KeyNotFoundException">a member is missing.</exception>
    /// <exception cref="FormatException">a malformed address.</exception>
    public static GovernanceDomain ReadDomain(JsonElement d)
        => new(d.GetProperty("name").GetString()!, d.GetProperty("version").GetString()!, d.GetProperty("chainId").GetInt64(), Address.Parse(d.GetProperty("verifyingContract").GetString()!));

    /// <summary>Reads a role object <c>{threshold (default 1), members: [addresses]}</c> from member <paramref name="name"/> of <paramref name="root"/>.</summary>
    /// <exception cref="KeyNotFoundException">a member is missing.</exception>
    /// <exception cref="FormatException">a malformed address.</exception>
    public static RoleSet Roles(JsonElement root, string name)
    {
        var e = root.GetProperty(name);
        return RoleSet.Create(e.TryGetProperty("threshold", out var t) ? t.GetInt32() : 1,
            e.GetProperty("members").EnumerateArray().Select(x => Address.Parse(x.GetString()!)));
    }

    /// <summary>Writes a governance file.</summary>
    public static string ToJson(GovernanceConfig c)
    {
        JsonObject Set(RoleSet s) => new() { ["threshold"] = s.Threshold, ["members"] = new JsonArray(s.Members.Select(m => (JsonNode)m.Hex).ToArray()) };
        return new JsonObject
        {
            ["domain"] = new JsonObject { ["name"] = c.Domain.Name, ["version"] = c.Domain.Version, ["chainId"] = c.Domain.ChainId, ["verifyingContract"] = c.Domain.VerifyingContract.Hex },
            ["watchers"] = Set(c.Watchers), ["council"] = Set(c.Council), ["guardians"] = Set(c.Guardians), ["dao"] = Set(c.Dao), ["peers"] = Set(c.Peers),
            ["timelockDelaySeconds"] = c.TimelockDelaySeconds, ["maxPauseSeconds"] = c.MaxPauseSeconds,
            ["attestationWindowSeconds"] = c.AttestationWindowSeconds, ["maxWatcherActionSeconds"] = c.MaxWatcherActionSeconds,
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}

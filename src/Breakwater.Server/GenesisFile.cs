using System.Text.Json;
using Breakwater.Crypto;
using Breakwater.Lab.Policies;
using Breakwater.Protocol.Access;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Server;

/// <summary>
/// A node's genesis: <c>{"governance": "path/to/governance.json", "insuranceFundUsd": 100000,
/// "markets": [{"id": 0, "symbol": "BTC-USD", "price": 30000, "sources": 3, "params": {"oracle.quorum": 2}}],
/// "deposits": [{"account": 1, "amount": 1000000}]}</c>. Paths are relative to the genesis file.
/// An <c>"access"</c> section switches the node to signed mode: <c>{"domain": {name, version, chainId, verifyingContract}
/// (default: the governance domain), "bridge": {"threshold": 2, "members": ["0x…", …]}, "reporters": [{"market": 0,
/// "source": 0, "address": "0x…"}]}</c>; deposits then come only through the bridge, so a signed genesis lists none.
/// </summary>
public static class GenesisFile
{
    /// <summary>The transactions of a genesis file, in order (governance first).</summary>
    /// <exception cref="FormatException">malformed, with the member named.</exception>
    public static List<Transaction> Load(string path)
    {
        if (!File.Exists(path)) throw new FormatException($"no genesis file at {path}");
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var txs = new List<Transaction>();
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            if (root.TryGetProperty("governance", out var g))
                txs.Add(new ConfigureGovernance(GovernanceFile.Load(Path.Combine(dir, g.GetString()!))));
            if (root.TryGetProperty("insuranceFundUsd", out var f))
                txs.Add(new FundInsurance(new Usd(FixedFormat.Parse(f.GetRawText(), 6))));
            if (root.TryGetProperty("markets", out var markets))
                foreach (var m in markets.EnumerateArray())
                {
                    var sources = m.TryGetProperty("sources", out var s) ? s.GetInt32() : 1;
                    var p = new MarketParams { Oracle = new OracleParams { SourceCount = sources } };
                    if (m.TryGetProperty("params", out var overrides))
                        p = ParamOverrides.Apply(p, overrides.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.Clone()), path);
                    txs.Add(new CreateMarket(m.GetProperty("id").GetInt32(), m.GetProperty("symbol").GetString()!, p, Price.Parse(m.GetProperty("price").GetRawText().Trim('"'))));
                }
            if (root.TryGetProperty("deposits", out var deposits))
                foreach (var d in deposits.EnumerateArray())
                    txs.Add(new Deposit(d.GetProperty("account").GetInt64(), new Usd(FixedFormat.Parse(d.GetProperty("amount").GetRawText().Trim('"'), 6))));
            if (root.TryGetProperty("access", out var access))
            {
                if (txs.OfType<Deposit>().Any()) throw new FormatException($"{path}: a signed genesis (with \"access\") cannot list deposits: accounts are opened by bridge deposits");
                txs.Add(new ConfigureAccess(ReadAccess(access, txs.OfType<ConfigureGovernance>().FirstOrDefault()?.Config.Domain, path)));
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or Lab.Scenarios.ScenarioException)
        {
            throw new FormatException($"{path}: {e.Message}");
        }
        return txs;
    }

    private static AccessConfig ReadAccess(JsonElement a, Protocol.Governance.GovernanceDomain? governanceDomain, string path)
    {
        var domain = a.TryGetProperty("domain", out var d) ? GovernanceFile.ReadDomain(d)
            : governanceDomain ?? throw new FormatException($"{path}: access.domain is required when there is no governance file");
        var reporters = new List<ReporterKey>();
        if (a.TryGetProperty("reporters", out var rs))
            foreach (var r in rs.EnumerateArray())
                reporters.Add(new ReporterKey(r.GetProperty("market").GetInt32(), r.GetProperty("source").GetInt32(), Protocol.Governance.Address.Parse(r.GetProperty("address").GetString()!)));
        reporters.Sort();
        var config = new AccessConfig(domain, GovernanceFile.Roles(a, "bridge"), reporters);
        return config.Validate() is { } problem ? throw new FormatException($"{path}: access: {problem}") : config;
    }
}

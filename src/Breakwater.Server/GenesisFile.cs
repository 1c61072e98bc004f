using System.Text.Json;
using Breakwater.Crypto;
using Breakwater.Lab.Policies;
using Breakwater.Protocol.Markets;
using Breakwater.Protocol.Numerics;
using Breakwater.Protocol.Transactions;

namespace Breakwater.Server;

/// <summary>
/// A node's genesis: <c>{"governance": "path/to/governance.json", "insuranceFundUsd": 100000,
/// "markets": [{"id": 0, "symbol": "BTC-USD", "price": 30000, "sources": 3, "params": {"oracle.quorum": 2}}],
/// "deposits": [{"account": 1, "amount": 1000000}]}</c>. Paths are relative to the genesis file.
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
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or Lab.Scenarios.ScenarioException)
        {
            throw new FormatException($"{path}: {e.Message}");
        }
        return txs;
    }
}

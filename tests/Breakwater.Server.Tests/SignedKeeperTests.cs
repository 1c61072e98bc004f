using System.Text.Json;
using Breakwater.Testing;

namespace Breakwater.Server.Tests;

/// <summary>The keeper on a node in signed mode: its liquidations are signed <c>Liquidation</c> messages from its key.</summary>
public class SignedKeeperTests
{
    [Fact]
    public async Task Keeper_SignsItsLiquidations_WithItsKey()
    {
        using var procs = new Processes();
        var domain = new Breakwater.Protocol.Governance.GovernanceDomain("Breakwater", "1", 31337, Breakwater.Protocol.Governance.Address.Parse("0x00000000000000000000000000000000000b7ea0"));
        Breakwater.Crypto.KeyFile Key(string name, int seed)
        {
            var k = Breakwater.Crypto.KeyFile.FromPrivateKey(Breakwater.Crypto.Keccak.Hash(BitConverter.GetBytes(seed)));
            k.Save(Path.Combine(procs.Dir, name + ".key"));
            return k;
        }
        var bridge = Enumerable.Range(0, 2).Select(i => Key($"bridge{i}", 5100 + i)).ToArray();
        var reporter = Key("reporter", 5200);
        var alice = Key("alice", 5300);
        var keeper = Key("keeper", 5301);
        File.WriteAllText(Path.Combine(procs.Dir, "genesis.json"), $$"""
            { "markets": [ { "id": 0, "symbol": "BTC-USD", "price": 30000,
                "params": { "oracle.tooVolatileBand": 0.5, "breaker.enabled": false, "dynamicMargin.enabled": false } } ],
              "access": {
                "domain": { "name": "Breakwater", "version": "1", "chainId": 31337, "verifyingContract": "{{domain.VerifyingContract.Hex}}" },
                "bridge": { "threshold": 2, "members": [ "{{bridge[0].Address.Hex}}", "{{bridge[1].Address.Hex}}" ] },
                "reporters": [ { "market": 0, "source": 0, "address": "{{reporter.Address.Hex}}" } ] } }
            """);
        var url = $"http://127.0.0.1:{Ports.Free()}";
        procs.Start("node", "serve", "--db", "n.db", "--genesis", "genesis.json", "--urls", url);
        using var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));
        async Task Run(string name, params string[] args)
        {
            var (exit, output) = await procs.RunAsync(name, args);
            Assert.True(exit == 0, output);
        }
        await Run("d1", "sign", "deposit", "--node", url, "--key", "bridge0.key", "--key", "bridge1.key", "--to", alice.Address.Hex, "--amount", "3100", "--deposit-id", "1", "--submit");
        await Run("d2", "sign", "deposit", "--node", url, "--key", "bridge0.key", "--key", "bridge1.key", "--to", keeper.Address.Hex, "--amount", "1000000", "--deposit-id", "2", "--submit");
        var (_, buy) = await procs.RunAsync("buy", "sign", "order", "--node", url, "--key", "alice.key", "--market", "0", "--side", "buy", "--size", "1", "--limit", "30000");
        var (_, sell) = await procs.RunAsync("sell", "sign", "order", "--node", url, "--key", "keeper.key", "--market", "0", "--side", "sell", "--size", "1", "--limit", "30000");
        File.WriteAllText(Path.Combine(procs.Dir, "buy.json"), buy);
        File.WriteAllText(Path.Combine(procs.Dir, "sell.json"), sell);
        await Run("trade", "sign", "trade", "--node", url, "--buy", "buy.json", "--sell", "sell.json", "--price", "30000", "--submit");
        await Run("report", "sign", "report", "--node", url, "--key", "reporter.key", "--market", "0", "--source", "0", "--price", "27000",
            "--timestamp", $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1}", "--submit");

        var (exit, output) = await procs.RunAsync("keeper", "keeper", "--node", url, "--key", "keeper.key", "--once");
        Assert.True(exit == 0, output);
        Assert.Contains("market 0: liquidated account 1", output);
        var aliceAccount = JsonDocument.Parse(await http.GetStringAsync("/v1/accounts/1")).RootElement;
        Assert.Empty(aliceAccount.GetProperty("positions").EnumerateArray());
        // Signed mode needs the keeper's key, not an account id.
        (exit, output) = await procs.RunAsync("keeper-nokey", "keeper", "--node", url, "--account", "2", "--once");
        Assert.Equal(2, exit);
        Assert.Contains("--key", output);
    }
}

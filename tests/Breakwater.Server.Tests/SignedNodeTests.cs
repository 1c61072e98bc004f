using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Breakwater.Crypto;
using Breakwater.Protocol.Access;
using Breakwater.Protocol.Governance;
using Breakwater.Testing;

namespace Breakwater.Server.Tests;

/// <summary>
/// A node in signed mode (the default), driven over HTTP and through <c>breakwater sign</c>: unsigned and wrongly signed
/// deposits, withdrawals, trades and oracle reports are refused and leave the state root unchanged; what the CLI signs
/// with the right keys is accepted, once.
/// </summary>
public class SignedNodeTests
{
    private static readonly GovernanceDomain Domain = new("Breakwater", "1", 31337, Address.Parse("0x00000000000000000000000000000000000b7ea0"));

    private static KeyFile Key(Processes procs, string name, int seed)
    {
        var k = KeyFile.FromPrivateKey(Keccak.Hash(BitConverter.GetBytes(seed)));
        k.Save(Path.Combine(procs.Dir, name + ".key"));
        return k;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Post(HttpClient http, string json)
    {
        var r = await http.PostAsync("/v1/tx", new StringContent(json, Encoding.UTF8, "application/json"));
        return (r.StatusCode, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task SignedNode_RefusesWhatIsUnsignedOrWronglySigned_AndAcceptsWhatTheRightKeysSign()
    {
        using var procs = new Processes();
        var bridge = Enumerable.Range(0, 3).Select(i => Key(procs, $"bridge{i}", 3100 + i)).ToArray();
        var reporter = Key(procs, "reporter", 3200);
        var alice = Key(procs, "alice", 3300);
        var bob = Key(procs, "bob", 3301);
        var mallory = Key(procs, "mallory", 3302);
        File.WriteAllText(Path.Combine(procs.Dir, "genesis.json"), new JsonObject
        {
            ["markets"] = new JsonArray(new JsonObject { ["id"] = 0, ["symbol"] = "BTC-USD", ["price"] = 30000 }),
            ["access"] = new JsonObject
            {
                ["domain"] = new JsonObject { ["name"] = Domain.Name, ["version"] = Domain.Version, ["chainId"] = Domain.ChainId, ["verifyingContract"] = Domain.VerifyingContract.Hex },
                ["bridge"] = new JsonObject { ["threshold"] = 2, ["members"] = new JsonArray(bridge.Select(b => (JsonNode)b.Address.Hex).ToArray()) },
                ["reporters"] = new JsonArray(new JsonObject { ["market"] = 0, ["source"] = 0, ["address"] = reporter.Address.Hex }),
            },
        }.ToJsonString());
        var url = $"http://127.0.0.1:{Ports.Free()}";
        procs.Start("node", "serve", "--db", "n.db", "--genesis", "genesis.json", "--urls", url);
        using var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));
        async Task<string> Root() => JsonDocument.Parse(await http.GetStringAsync("/v1/state")).RootElement.GetProperty("stateHash").GetString()!;
        Assert.False(JsonDocument.Parse(await http.GetStringAsync("/v1/state")).RootElement.GetProperty("open").GetBoolean());

        async Task Refused(string json, string reason)
        {
            var before = await Root();
            var (status, body) = await Post(http, json);
            Assert.True((int)status is 401 or 403 or 422, $"{status}: {body}");
            Assert.Equal(reason, body.GetProperty("reason").GetString());
            Assert.Equal(before, await Root());
        }

        // Unsigned: refused whatever it is.
        await Refused("""{"type":"deposit","account":1,"amount":1000000}""", "Unauthorized");
        await Refused("""{"type":"oracleReport","market":0,"source":0,"price":1}""", "Unauthorized");
        await Refused("""{"type":"trade","market":0,"buyer":1,"seller":2,"size":1,"price":0.00000001}""", "Unauthorized");

        // A deposit needs two bridge keys; the CLI signs with them.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var one = new DepositMessage(mallory.Address, 1_000_000_000_000, 1, now + 600);
        await Refused(new JsonObject
        {
            ["type"] = "deposit", ["message"] = UserTypedData.MessageJson(one),
            ["signatures"] = new JsonArray(Hex.Format(UserTypedData.Sign(Domain, one, bridge[0])), Hex.Format(UserTypedData.Sign(Domain, one, mallory)))
        }.ToJsonString(), "Unauthorized");
        foreach (var (who, id) in new[] { (alice, 1), (bob, 2) })
        {
            var (exit, output) = await procs.RunAsync($"deposit-{id}", "sign", "deposit", "--node", url, "--key", "bridge0.key", "--key", "bridge2.key", "--to", who.Address.Hex, "--amount", "100000", "--deposit-id", $"{id}", "--submit");
            Assert.True(exit == 0, output);
        }
        var aliceAccount = JsonDocument.Parse(await http.GetStringAsync($"/v1/addresses/{alice.Address.Hex}")).RootElement.GetProperty("account").GetInt64();
        Assert.Equal(1, aliceAccount);

        // Withdrawals: only Alice's key moves Alice's money.
        var steal = new WithdrawMessage(alice.Address, 50_000_000_000, 1, now + 600);
        await Refused(new JsonObject { ["type"] = "withdraw", ["message"] = UserTypedData.MessageJson(steal), ["signature"] = Hex.Format(UserTypedData.Sign(Domain, steal, mallory)) }.ToJsonString(), "Unauthorized");
        await Refused(new JsonObject { ["type"] = "withdraw", ["message"] = UserTypedData.MessageJson(steal), ["signature"] = "0x" + new string('1', 130) }.ToJsonString(), "BadSignature");
        var (wExit, wOut) = await procs.RunAsync("withdraw", "sign", "withdraw", "--node", url, "--key", "alice.key", "--amount", "10", "--submit");
        Assert.True(wExit == 0, wOut);

        // A trade is two signed orders; the same pair cannot be replayed.
        var (bExit, buyJson) = await procs.RunAsync("buy", "sign", "order", "--node", url, "--key", "alice.key", "--market", "0", "--side", "buy", "--size", "1", "--limit", "30100");
        var (sExit, sellJson) = await procs.RunAsync("sell", "sign", "order", "--node", url, "--key", "bob.key", "--market", "0", "--side", "sell", "--size", "1", "--limit", "29900");
        Assert.True(bExit == 0 && sExit == 0, buyJson + sellJson);
        File.WriteAllText(Path.Combine(procs.Dir, "buy.json"), buyJson);
        File.WriteAllText(Path.Combine(procs.Dir, "sell.json"), sellJson);
        var (tExit, tOut) = await procs.RunAsync("trade", "sign", "trade", "--node", url, "--buy", "buy.json", "--sell", "sell.json", "--price", "30000", "--submit");
        Assert.True(tExit == 0, tOut);
        var trade = new JsonObject { ["type"] = "trade", ["buy"] = JsonNode.Parse(buyJson), ["sell"] = JsonNode.Parse(sellJson), ["price"] = "30000" }.ToJsonString();
        await Refused(trade, "Replayed");
        using (var acct = JsonDocument.Parse(await http.GetStringAsync("/v1/accounts/1")))
        {
            var position = Assert.Single(acct.RootElement.GetProperty("positions").EnumerateArray());
            Assert.Equal(100_000_000, Protocol.Numerics.FixedFormat.Parse(position.GetProperty("size").GetRawText().Trim('"'), 8));
            Assert.Equal(alice.Address.Hex, acct.RootElement.GetProperty("owner").GetString());
        }

        // Oracle reports: only the source's reporter key.
        var fake = new ReportMessage(0, 0, 100_000_000, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1);
        await Refused(new JsonObject { ["type"] = "oracleReport", ["message"] = UserTypedData.MessageJson(fake), ["signature"] = Hex.Format(UserTypedData.Sign(Domain, fake, mallory)) }.ToJsonString(), "Unauthorized");
        var (rExit, rOut) = await procs.RunAsync("report", "sign", "report", "--node", url, "--key", "reporter.key", "--market", "0", "--source", "0", "--price", "30010", "--timestamp", $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1}", "--submit");
        Assert.True(rExit == 0, rOut);
    }

    [Fact]
    public async Task Serve_IsSignedByDefault_AndOpenModeIsAChoiceTheLogRemembers()
    {
        using var procs = new Processes();
        File.WriteAllText(Path.Combine(procs.Dir, "plain.json"), """{ "markets": [ { "id": 0, "symbol": "BTC-USD", "price": 30000 } ] }""");
        var (exit, output) = await procs.RunAsync("no-access", "serve", "--db", "a.db", "--genesis", "plain.json", "--urls", $"http://127.0.0.1:{Ports.Free()}");
        Assert.Equal(2, exit);
        Assert.Contains("--open", output);
        Assert.False(File.Exists(Path.Combine(procs.Dir, "a.db")), "a refused genesis leaves no database");

        // Open once, open always: the same log without --open is refused, so a restart cannot silently change the mode.
        var url = $"http://127.0.0.1:{Ports.Free()}";
        var node = procs.Start("open", "serve", "--open", "--db", "b.db", "--genesis", "plain.json", "--urls", url);
        using (var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30)))
            Assert.True(JsonDocument.Parse(await http.GetStringAsync("/v1/state")).RootElement.GetProperty("open").GetBoolean());
        Assert.Contains("OPEN MODE", procs.Log("open"));
        node.Kill(entireProcessTree: true);
        node.WaitForExit();
        var (again, againOut) = await procs.RunAsync("reopen", "serve", "--db", "b.db", "--urls", $"http://127.0.0.1:{Ports.Free()}");
        Assert.Equal(2, again);
        Assert.Contains("restart it with --open", againOut);
    }
}

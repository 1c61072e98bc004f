using System.Net;
using System.Text;
using System.Text.Json;
using Breakwater.Crypto;
using Breakwater.Protocol.Governance;
using Breakwater.Testing;

namespace Breakwater.Server.Tests;

/// <summary>
/// Recovery by rollback as a DAO operation on a running node: a planted exploit (a 1 BTC fill at $1 while BTC is at
/// $30,000, then the proceeds withdrawn), the diff checked with <c>breakwater recover</c>, the recovery proposed, signed by
/// two DAO keys, queued, executed after the timelock; the node writes the recovered log and stops; a node restarted on
/// it has the victim's money back and verifies.
/// </summary>
public class RecoveryTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> Post(HttpClient http, string json)
    {
        var r = await http.PostAsync("/v1/tx", new StringContent(json, Encoding.UTF8, "application/json"));
        return (r.StatusCode, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static async Task<double> Collateral(HttpClient http, int account)
        => double.Parse(JsonDocument.Parse(await http.GetStringAsync($"/v1/accounts/{account}")).RootElement.GetProperty("collateral").GetRawText().Trim('"'), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task DaoApprovedRecovery_WritesTheRecoveredLog_StopsTheNode_AndARestartHasTheMoneyBack()
    {
        using var procs = new Processes();
        var dao = Enumerable.Range(1, 3).Select(i => KeyFile.FromPrivateKey(Keccak.Hash(BitConverter.GetBytes(4000 + i)))).ToList();
        for (var i = 0; i < dao.Count; i++) dao[i].Save(Path.Combine(procs.Dir, $"d{i + 1}.key"));
        RoleSet Set(int t) => RoleSet.Create(t, dao.Select(k => k.Address));
        File.WriteAllText(Path.Combine(procs.Dir, "governance.json"), GovernanceFile.ToJson(new GovernanceConfig
        {
            Domain = new GovernanceDomain("Breakwater", "1", 31337, Address.Parse("0x00000000000000000000000000000000000b7ea0")),
            Watchers = Set(2), Council = Set(2), Guardians = Set(1), Dao = Set(2), TimelockDelaySeconds = 2,
        }));
        File.WriteAllText(Path.Combine(procs.Dir, "genesis.json"), """
            { "governance": "governance.json", "markets": [ { "id": 0, "symbol": "BTC-USD", "price": 30000 } ],
              "deposits": [ { "account": 5, "amount": 4000 }, { "account": 6, "amount": 100000 } ] }
            """);
        var url = $"http://127.0.0.1:{Ports.Free()}";
        var node = procs.Start("node", "serve", "--open", "--db", "n.db", "--genesis", "genesis.json", "--urls", url);
        var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));

        var (status, body) = await Post(http, """{"type":"trade","market":0,"buyer":5,"seller":6,"size":1,"price":1}""");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var exploit = body.GetProperty("height").GetInt64();
        (status, body) = await Post(http, """{"type":"trade","market":0,"buyer":6,"seller":5,"size":1,"price":30000}""");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        (status, body) = await Post(http, """{"type":"withdraw","account":5,"amount":30000}""");
        Assert.True(status == HttpStatusCode.OK, body.ToString());

        // The diff first, as the DAO would read it before voting.
        var (exit, output) = await procs.RunAsync("dry", "recover", "--db", "n.db", "--from", $"{exploit - 1}", "--exclude", $"{exploit}", "--out", "dry.db");
        Assert.True(exit == 0, output);
        Assert.Contains("2 accounts differ", output);

        (exit, output) = await procs.RunAsync("propose", "council", "propose", "recovery", "--governance", "governance.json", "--out", "recovery.json",
            "--from", $"{exploit - 1}", "--exclude", $"{exploit}");
        Assert.True(exit == 0, output);
        var operation = output.Split(' ')[1].TrimEnd(':');
        foreach (var k in new[] { "d1.key", "d2.key" }) Assert.Equal(0, (await procs.RunAsync("sign-" + k, "council", "sign", "--key", k, "recovery.json")).Exit);
        (exit, output) = await procs.RunAsync("submit", "council", "submit", "recovery.json", "--node", url);
        Assert.True(exit == 0, output);

        (status, body) = await Post(http, $$"""{"type":"execute","operation":"{{operation}}"}""");
        Assert.Equal((HttpStatusCode)422, status); // the timelock has not run
        await Task.Delay(3_000);
        (status, body) = await Post(http, $$"""{"type":"execute","operation":"{{operation}}"}""");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var executedAt = body.GetProperty("height").GetInt64();

        // The node stopped for the restart, saying where the recovered log is.
        (status, body) = await Post(http, """{"type":"deposit","account":7,"amount":1}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var recovered = $"n.recovered-{executedAt}.db";
        Assert.Contains(recovered, body.GetProperty("error").GetString());
        Assert.True(File.Exists(Path.Combine(procs.Dir, $"n.recovered-{executedAt}.recovery.json")));
        node.Kill(entireProcessTree: true);
        await node.WaitForExitAsync();

        (exit, output) = await procs.RunAsync("verify", "verify", recovered);
        Assert.True(exit == 0, output);
        var url2 = $"http://127.0.0.1:{Ports.Free()}";
        procs.Start("node2", "serve", "--open", "--db", recovered, "--urls", url2);
        var http2 = await Processes.WaitForNode(url2, TimeSpan.FromSeconds(30));
        // Without the $1 fill: 6 still has its $100,000 less one fee, 5 holds a short it sold at $30,000 and never withdrew.
        Assert.True(await Collateral(http2, 6) > 99_900, $"account 6 has {await Collateral(http2, 6)}");
        Assert.True(await Collateral(http2, 5) < 4_000, $"account 5 has {await Collateral(http2, 5)}");
        // No executable recovery is left behind: its queue transaction was left out too.
        var pending = JsonDocument.Parse(await http2.GetStringAsync("/v1/state")).RootElement.GetProperty("pendingOperations");
        Assert.Equal(0, pending.GetArrayLength());
    }
}

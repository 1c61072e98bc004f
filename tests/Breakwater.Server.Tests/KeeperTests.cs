using System.Net;
using System.Text;
using System.Text.Json;
using Breakwater.Testing;

namespace Breakwater.Server.Tests;

public class KeeperTests
{
    private const string Genesis = """
        { "insuranceFundUsd": 100000,
          "markets": [
            { "id": 0, "symbol": "BTC-USD", "price": 30000,
              "params": { "oracle.tooVolatileBand": 0.5, "breaker.enabled": false, "dynamicMargin.enabled": false } },
            { "id": 1, "symbol": "ETH-USD", "price": 2000 } ],
          "deposits": [ { "account": 2, "amount": 10000000 } ] }
        """;

    private static StringContent Json(string s) => new(s, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Liquidatable_ListsAccountsBelowMaintenance_AndSaysWhyLiquidationsAreBlocked()
    {
        using var procs = new Processes();
        File.WriteAllText(Path.Combine(procs.Dir, "genesis.json"), Genesis);
        var url = $"http://127.0.0.1:{Ports.Free()}";
        procs.Start("keeper-node", "serve", "--open", "--db", "k.db", "--genesis", "genesis.json", "--urls", url);
        var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));
        async Task Ok(string body)
        {
            var r = await http.PostAsync("/v1/tx", Json(body));
            Assert.True(r.IsSuccessStatusCode, body + " → " + await r.Content.ReadAsStringAsync());
        }
        // Account 3: long 1 BTC at $30,000 on $3,100 (about 10×). A confirmed −10 % leaves it far below 5 % maintenance.
        await Ok("""{"type":"deposit","account":3,"amount":3100}""");
        await Ok("""{"type":"trade","market":0,"buyer":3,"seller":2,"size":1,"price":30000}""");
        await Ok("""{"type":"oracleReport","market":0,"source":0,"price":27000}""");
        var btc = JsonDocument.Parse(await http.GetStringAsync("/v1/markets/0/liquidatable")).RootElement;
        Assert.Equal(JsonValueKind.Null, btc.GetProperty("blockedBy").ValueKind);
        var accounts = btc.GetProperty("accounts").EnumerateArray().ToList();
        Assert.Single(accounts);
        Assert.Equal(3, accounts[0].GetProperty("account").GetInt64());
        Assert.Equal("Valid", btc.GetProperty("validity").GetString());

        // ETH's only source prints −30 %: unconfirmed, so a keeper is told liquidations wait, and why.
        await Ok("""{"type":"oracleReport","market":1,"source":0,"price":1400}""");
        var eth = JsonDocument.Parse(await http.GetStringAsync("/v1/markets/1/liquidatable")).RootElement;
        Assert.Equal("OracleInvalid", eth.GetProperty("blockedBy").GetString());
        Assert.Contains("TooVolatile", eth.GetProperty("blockedDetail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v1/markets/7/liquidatable")).StatusCode);

        // The keeper, as account 2: liquidates account 3 in BTC and waits in ETH, saying why.
        var (exit, output) = await procs.RunAsync("keeper", "keeper", "--node", url, "--account", "2", "--once");
        Assert.True(exit == 0, output);
        Assert.Contains("market 0: liquidated account 3", output);
        Assert.Contains("market 1: waiting", output);
        Assert.Contains("1 liquidated, 0 refused", output);
        var after = JsonDocument.Parse(await http.GetStringAsync("/v1/accounts/3")).RootElement;
        Assert.Empty(after.GetProperty("positions").EnumerateArray());
        Assert.Empty(JsonDocument.Parse(await http.GetStringAsync("/v1/markets/0/liquidatable")).RootElement.GetProperty("accounts").EnumerateArray());

        // Open mode needs the liquidator's account: a clear error and exit 2.
        (exit, output) = await procs.RunAsync("keeper-noaccount", "keeper", "--node", url, "--once");
        Assert.Equal(2, exit);
        Assert.Contains("--account", output);
    }
}

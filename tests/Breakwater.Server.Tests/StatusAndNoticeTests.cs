using System.Text;
using System.Text.Json;
using Breakwater.Testing;

namespace Breakwater.Server.Tests;

/// <summary>Users are told: <c>/v1/status</c> says what is refused, why and until when; an incident opening posts one notice to each webhook.</summary>
public class StatusAndNoticeTests
{
    [Fact]
    public async Task UnconfirmedPrice_StatusSaysOpeningIsRefusedAndWhy_AndOneNoticeReachesTheWebhook()
    {
        using var procs = new Processes();
        File.WriteAllText(Path.Combine(procs.Dir, "genesis.json"), """
            { "insuranceFundUsd": 100000, "markets": [ { "id": 0, "symbol": "BTC-USD", "price": 30000 }, { "id": 1, "symbol": "ETH-USD", "price": 2000 } ] }
            """);
        using var hook = new WebhookReceiver();
        var url = $"http://127.0.0.1:{Ports.Free()}";
        procs.Start("node", "serve", "--open", "--db", "n.db", "--genesis", "genesis.json", "--urls", url, "--webhook", hook.Url("notices"));
        var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));

        var calm = JsonDocument.Parse(await http.GetStringAsync("/v1/status")).RootElement;
        Assert.All(calm.GetProperty("markets").EnumerateArray(), m => Assert.Equal("normal", m.GetProperty("summary").GetString()));

        var r = await http.PostAsync("/v1/tx", new StringContent("""{"type":"oracleReport","market":0,"source":0,"price":21000}""", Encoding.UTF8, "application/json"));
        Assert.True(r.IsSuccessStatusCode);
        var btc = JsonDocument.Parse(await http.GetStringAsync("/v1/status")).RootElement.GetProperty("markets")[0];
        Assert.False(btc.GetProperty("canOpen").GetBoolean());
        Assert.True(btc.GetProperty("canReduce").GetBoolean());
        Assert.False(btc.GetProperty("canLiquidate").GetBoolean());
        var summary = btc.GetProperty("summary").GetString()!;
        Assert.StartsWith("opening, liquidations, withdrawals refused", summary);
        Assert.Contains("oracle TooVolatile", summary);
        Assert.Contains("steps down from", summary);
        Assert.Equal("normal", JsonDocument.Parse(await http.GetStringAsync("/v1/status")).RootElement.GetProperty("markets")[1].GetProperty("summary").GetString());

        Assert.NotNull(await hook.WaitForAsync(_ => true, TimeSpan.FromSeconds(10)));
        await Task.Delay(500); // a second notice for the same incident would arrive by now
        {
            var n = Assert.Single(hook.Bodies);
            Assert.Equal("incident-opened", n.GetProperty("notice").GetString());
            Assert.Equal("BTC-USD", n.GetProperty("symbol").GetString());
            Assert.Equal("OracleTooVolatile", n.GetProperty("trigger").GetString());
            Assert.EndsWith("/v1/status", n.GetProperty("status").GetString());
            Assert.Equal(64, n.GetProperty("hash").GetString()!.Length);
        }
    }
}

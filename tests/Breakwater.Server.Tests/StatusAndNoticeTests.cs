using System.Net;
using System.Text;
using System.Text.Json;

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
        var hookPort = Processes.FreePort();
        var notices = new List<JsonElement>();
        using var hook = new HttpListener();
        hook.Prefixes.Add($"http://127.0.0.1:{hookPort}/");
        hook.Start();
        _ = Task.Run(async () =>
        {
            while (hook.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await hook.GetContextAsync(); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                using (var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8))
                {
                    var body = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone();
                    lock (notices) notices.Add(body);
                }
                ctx.Response.StatusCode = 204;
                ctx.Response.Close();
            }
        });
        var url = $"http://127.0.0.1:{Processes.FreePort()}";
        procs.Start("node", "serve", "--open", "--db", "n.db", "--genesis", "genesis.json", "--urls", url, "--webhook", $"http://127.0.0.1:{hookPort}/notices");
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

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline) { lock (notices) if (notices.Count > 0) break; await Task.Delay(100); }
        await Task.Delay(500); // a second notice for the same incident would arrive by now
        lock (notices)
        {
            var n = Assert.Single(notices);
            Assert.Equal("incident-opened", n.GetProperty("notice").GetString());
            Assert.Equal("BTC-USD", n.GetProperty("symbol").GetString());
            Assert.Equal("OracleTooVolatile", n.GetProperty("trigger").GetString());
            Assert.EndsWith("/v1/status", n.GetProperty("status").GetString());
            Assert.Equal(64, n.GetProperty("hash").GetString()!.Length);
        }
    }
}

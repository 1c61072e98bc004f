using System.Text;
using Breakwater.Testing;

namespace Breakwater.Server.Tests;

/// <summary>
/// The shipped alerting path, for real: a node on loopback, Debian's Prometheus scraping it with deploy/prometheus's
/// config and rules, Debian's Alertmanager routing with deploy/alertmanager's config, and a local webhook receiver.
/// </summary>
public class AlertmanagerEndToEndTests
{
    private const string Genesis = """
        { "insuranceFundUsd": 100000, "markets": [ { "id": 0, "symbol": "BTC-USD", "price": 30000 } ] }
        """;

    [Fact]
    public async Task UnconfirmedPrice_RaisesTheLevel_AndTheAlertArrivesAtTheWebhook()
    {
        using var procs = new Processes();
        using var hook = new WebhookReceiver();
        var nodePort = Ports.Free();
        File.WriteAllText(Path.Combine(procs.Dir, "genesis.json"), Genesis);
        procs.Start("node", "serve", "--open", "--db", "n.db", "--genesis", "genesis.json", "--urls", $"http://127.0.0.1:{nodePort}");
        AlertingStack.Start(procs, nodePort, hook);
        var http = await Processes.WaitForNode($"http://127.0.0.1:{nodePort}", TimeSpan.FromSeconds(30));

        // BTC's only source prints −30 %: unconfirmed, the market goes to level 2 (reduce-only) — BreakwaterLevelRaised.
        var r = await http.PostAsync("/v1/tx", new StringContent("""{"type":"oracleReport","market":0,"source":0,"price":21000}""", Encoding.UTF8, "application/json"));
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());

        var a = await AlertingStack.WaitForAlertAsync(procs, hook, "BreakwaterLevelRaised", TimeSpan.FromSeconds(90));
        Assert.Equal("firing", a.GetProperty("status").GetString());
        Assert.Equal("BTC-USD", a.GetProperty("labels").GetProperty("market").GetString());
        Assert.Equal("warning", a.GetProperty("labels").GetProperty("severity").GetString());
        Assert.Contains("level 2", a.GetProperty("annotations").GetProperty("summary").GetString());
    }
}

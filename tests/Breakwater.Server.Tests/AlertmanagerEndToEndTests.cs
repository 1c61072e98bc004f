using System.Net;
using System.Text;
using System.Text.Json;

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

    private static string Tool(string env, string path)
    {
        var p = Environment.GetEnvironmentVariable(env) ?? path;
        Assert.True(File.Exists(p), $"no {Path.GetFileName(path)} at {p}: .ci/run installs Debian's prometheus and prometheus-alertmanager packages");
        return p;
    }

    [Fact]
    public async Task UnconfirmedPrice_RaisesTheLevel_AndTheAlertArrivesAtTheWebhook()
    {
        var prometheus = Tool("BREAKWATER_PROMETHEUS", "/usr/bin/prometheus");
        var alertmanager = Tool("BREAKWATER_ALERTMANAGER", "/usr/bin/prometheus-alertmanager");
        using var procs = new Processes();
        var root = Processes.RepoRoot();
        int nodePort = Processes.FreePort(), promPort = Processes.FreePort(), amPort = Processes.FreePort(), hookPort = Processes.FreePort();

        // The shipped configs, pointed at this test's ports; everything else as shipped.
        var am = File.ReadAllText(Path.Combine(root, "deploy/alertmanager/alertmanager.yml"))
            .Replace("http://127.0.0.1:9099/breakwater-alerts", $"http://127.0.0.1:{hookPort}/breakwater-alerts")
            .Replace("group_wait: 10s", "group_wait: 1s");
        File.WriteAllText(Path.Combine(procs.Dir, "alertmanager.yml"), am);
        var prom = File.ReadAllText(Path.Combine(root, "deploy/prometheus/prometheus.yml"))
            .Replace("scrape_interval: 15s", "scrape_interval: 1s").Replace("evaluation_interval: 15s", "evaluation_interval: 1s")
            .Replace("'127.0.0.1:9093'", $"'127.0.0.1:{amPort}'").Replace("'127.0.0.1:8080'", $"'127.0.0.1:{nodePort}'");
        File.WriteAllText(Path.Combine(procs.Dir, "prometheus.yml"), prom);
        File.Copy(Path.Combine(root, "deploy/prometheus/alerts.yml"), Path.Combine(procs.Dir, "alerts.yml"));
        File.WriteAllText(Path.Combine(procs.Dir, "genesis.json"), Genesis);

        var received = new List<JsonElement>();
        using var hook = new HttpListener();
        hook.Prefixes.Add($"http://127.0.0.1:{hookPort}/");
        hook.Start();
        var receiving = Task.Run(async () =>
        {
            while (hook.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await hook.GetContextAsync(); } catch (HttpListenerException) { return; } catch (ObjectDisposedException) { return; }
                using (var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8))
                {
                    var body = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone();
                    lock (received) received.Add(body);
                }
                ctx.Response.StatusCode = 200;
                ctx.Response.Close();
            }
        });

        procs.Start("node", "serve", "--open", "--db", "n.db", "--genesis", "genesis.json", "--urls", $"http://127.0.0.1:{nodePort}");
        procs.StartProgram("alertmanager", alertmanager, "--config.file=alertmanager.yml", "--storage.path=am-data",
            $"--web.listen-address=127.0.0.1:{amPort}", "--cluster.listen-address=");
        procs.StartProgram("prometheus", prometheus, "--config.file=prometheus.yml", "--storage.tsdb.path=prom-data",
            $"--web.listen-address=127.0.0.1:{promPort}");
        var http = await Processes.WaitForNode($"http://127.0.0.1:{nodePort}", TimeSpan.FromSeconds(30));

        // BTC's only source prints −30 %: unconfirmed, the market goes to level 2 (reduce-only) — BreakwaterLevelRaised.
        var r = await http.PostAsync("/v1/tx", new StringContent("""{"type":"oracleReport","market":0,"source":0,"price":21000}""", Encoding.UTF8, "application/json"));
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());

        var deadline = DateTime.UtcNow.AddSeconds(90);
        JsonElement? alert = null;
        while (alert is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            lock (received)
                alert = received.SelectMany(b => b.GetProperty("alerts").EnumerateArray())
                    .Cast<JsonElement?>().FirstOrDefault(a => a!.Value.GetProperty("labels").GetProperty("alertname").GetString() == "BreakwaterLevelRaised");
        }
        hook.Stop();
        Assert.True(alert is not null, "no BreakwaterLevelRaised at the webhook within 90 s; prometheus log:\n" + procs.Log("prometheus")[^Math.Min(2000, procs.Log("prometheus").Length)..]
            + "\nalertmanager log:\n" + procs.Log("alertmanager")[^Math.Min(2000, procs.Log("alertmanager").Length)..]);
        var a = alert!.Value;
        Assert.Equal("firing", a.GetProperty("status").GetString());
        Assert.Equal("BTC-USD", a.GetProperty("labels").GetProperty("market").GetString());
        Assert.Equal("warning", a.GetProperty("labels").GetProperty("severity").GetString());
        Assert.Contains("level 2", a.GetProperty("annotations").GetProperty("summary").GetString());
    }
}

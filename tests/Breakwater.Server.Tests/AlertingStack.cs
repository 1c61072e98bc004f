using Breakwater.Testing;
namespace Breakwater.Server.Tests;

/// <summary>
/// Debian's Prometheus and Alertmanager run with the shipped configs (deploy/), pointed at a test's node and webhook
/// receiver: scrapes and rule evaluation every second, Alertmanager's first notification after one second.
/// </summary>
internal static class AlertingStack
{
    private static string Tool(string env, string path)
    {
        var p = Environment.GetEnvironmentVariable(env) ?? path;
        Assert.True(File.Exists(p), $"no {Path.GetFileName(path)} at {p}: .ci/run installs Debian's prometheus and prometheus-alertmanager packages");
        return p;
    }

    public static void Start(Processes procs, int nodePort, WebhookReceiver hook)
    {
        var prometheus = Tool("BREAKWATER_PROMETHEUS", "/usr/bin/prometheus");
        var alertmanager = Tool("BREAKWATER_ALERTMANAGER", "/usr/bin/prometheus-alertmanager");
        var root = Processes.RepoRoot();
        int promPort = Ports.Free(), amPort = Ports.Free();
        var am = File.ReadAllText(Path.Combine(root, "deploy/alertmanager/alertmanager.yml"))
            .Replace("http://127.0.0.1:9099/breakwater-alerts", hook.Url("breakwater-alerts"))
            .Replace("group_wait: 10s", "group_wait: 1s");
        File.WriteAllText(Path.Combine(procs.Dir, "alertmanager.yml"), am);
        var prom = File.ReadAllText(Path.Combine(root, "deploy/prometheus/prometheus.yml"))
            .Replace("scrape_interval: 15s", "scrape_interval: 1s").Replace("evaluation_interval: 15s", "evaluation_interval: 1s")
            .Replace("'127.0.0.1:9093'", $"'127.0.0.1:{amPort}'").Replace("'127.0.0.1:8080'", $"'127.0.0.1:{nodePort}'");
        File.WriteAllText(Path.Combine(procs.Dir, "prometheus.yml"), prom);
        File.Copy(Path.Combine(root, "deploy/prometheus/alerts.yml"), Path.Combine(procs.Dir, "alerts.yml"), overwrite: true);
        procs.StartProgram("alertmanager", alertmanager, "--config.file=alertmanager.yml", "--storage.path=am-data",
            $"--web.listen-address=127.0.0.1:{amPort}", "--cluster.listen-address=");
        procs.StartProgram("prometheus", prometheus, "--config.file=prometheus.yml", "--storage.tsdb.path=prom-data",
            $"--web.listen-address=127.0.0.1:{promPort}");
    }

    /// <summary>Waits for a firing alert by name at the receiver; on failure the message carries both tools' logs.</summary>
    public static async Task<System.Text.Json.JsonElement> WaitForAlertAsync(Processes procs, WebhookReceiver hook, string name, TimeSpan timeout)
    {
        static bool Named(System.Text.Json.JsonElement a, string n) => a.GetProperty("labels").GetProperty("alertname").GetString() == n;
        var body = await hook.WaitForAsync(b => b.TryGetProperty("alerts", out var al) && al.EnumerateArray().Any(a => Named(a, name)), timeout);
        string Tail(string log) => procs.Log(log)[^Math.Min(2000, procs.Log(log).Length)..];
        Assert.True(body is not null, $"no {name} at the webhook within {timeout.TotalSeconds} s; prometheus log:\n{Tail("prometheus")}\nalertmanager log:\n{Tail("alertmanager")}");
        return body!.Value.GetProperty("alerts").EnumerateArray().First(a => Named(a, name));
    }
}

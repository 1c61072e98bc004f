using System.Text.Json;
using Breakwater.Testing;
using Microsoft.Data.Sqlite;

namespace Breakwater.Server.Tests;

/// <summary>
/// From detection to action with real processes only: a node replaying a crash with a withdrawal run injected, three
/// watchers, the keeper, Prometheus, Alertmanager and a webhook receiver. The run is attested and raises every market
/// (protocol-wide quorum), the alert reaches the receiver, the keeper liquidates (the replay's own keeper is off), and
/// `breakwater report` writes a post-mortem whose event hashes are the log's, which `breakwater verify` accepts.
/// </summary>
public class IncidentResponseEndToEndTests
{
    private const long T0 = NodeFixture.T0;

    /// <summary>Three venues at $100 for an hour, then all three fall to $70 over twenty minutes and stay there; half the accounts try to withdraw everything from minute 40 over 20 minutes; the replay's own keeper is off.</summary>
    private static void WriteScenario(string dir)
        => NodeFixture.Write(dir, price: i => i < 60 ? 100.0 : i < 80 ? 100.0 - 1.5 * (i - 60) : 70.0, replayKeeper: false,
            injections: $$"""[ { "type": "withdrawalRun", "fraction": 0.5, "at": "{{NodeFixture.Iso(T0 + 2400)}}", "durationSeconds": 1200 } ]""");

    [Fact]
    public async Task CrashWithAWithdrawalRun_IsAttestedAlertedLiquidatedAndReported()
    {
        using var procs = new Processes();
        using var hook = new WebhookReceiver();
        WriteScenario(procs.Dir);
        var port = Ports.Free();
        var url = $"http://127.0.0.1:{port}";
        procs.Start("node", "serve", "--open", "--db", "n.db", "--genesis", "genesis.json", "--replay", "scenario.json", "--speed", "150",
            "--accounts", "100", "--urls", url, "--webhook", hook.Url("notices"));
        AlertingStack.Start(procs, port, hook);
        using var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));
        for (var i = 1; i <= 3; i++) procs.Start($"w{i}", "watch", "--node", url, "--key", $"w{i}.key");
        var keeperMetrics = $"http://127.0.0.1:{Ports.Free()}/";
        // A 60 s interval: the passes that find the crash's liquidations are started by the event stream, not the timer.
        procs.Start("keeper", "keeper", "--node", url, "--account", "1", "--interval", "60", "--metrics", keeperMetrics);

        // The replay covers 2 h 30 min of market time at 150×: about a minute.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            var state = JsonDocument.Parse(await http.GetStringAsync("/v1/state")).RootElement;
            if (state.GetProperty("replayProgress").GetDouble() >= 1) break;
            await Task.Delay(1_000);
        }
        await Task.Delay(3_000); // the keeper's and the watchers' last passes

        // The alert reached the receiver through Prometheus and Alertmanager.
        await AlertingStack.WaitForAlertAsync(procs, hook, "BreakwaterLevelRaised", TimeSpan.FromSeconds(30));
        // Users were told when incidents opened.
        Assert.Contains(hook.Bodies, b => b.TryGetProperty("notice", out var n) && n.GetString() == "incident-opened");
        // The keeper liquidated; the replay itself did not.
        Assert.Contains("liquidated account", procs.Log("keeper"));
        var scraped = await http.GetStringAsync(keeperMetrics + "metrics");
        Assert.Matches(@"breakwater_keeper_liquidations_total [1-9]", scraped);
        Assert.Matches(@"breakwater_keeper_passes_total \d{2,}", scraped); // ≥ 10 passes in about a minute: the stream woke it
        var (lintExit, lint) = await Processes.PromtoolAsync(scraped, null, "check", "metrics");
        Assert.True(lintExit == 0, lint);

        // The post-mortem, from the event stream alone.
        var (exit, output) = await procs.RunAsync("report", "report", "--node", url, "--out", "pm");
        Assert.True(exit == 0, output);
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(procs.Dir, "pm", "report.json"))).RootElement;
        var incidents = report.GetProperty("incidents").EnumerateArray().ToList();
        Assert.NotEmpty(incidents);
        var listed = incidents.SelectMany(i => i.GetProperty("events").EnumerateArray()).ToList();
        // The withdrawal run was attested by the quorum and raised the protocol (market −1 watcher action).
        Assert.Contains(listed, e => e.GetProperty("kind").GetString() == "LevelFloorRaised"
            && e.GetProperty("text").GetString()!.Contains("WatcherQuorum raised market -1", StringComparison.Ordinal));
        Assert.Contains(incidents, i => i.GetProperty("attesters").GetArrayLength() >= 3);
        Assert.Contains(incidents, i => i.GetProperty("liquidations").GetInt32() > 0);

        // Stop everything; the log verifies, and every hash the report lists is the log's own.
        procs.StopAll();
        var (vExit, vOut) = await procs.RunAsync("verify", "verify", "n.db");
        Assert.True(vExit == 0, vOut);
        using var db = new SqliteConnection($"Data Source={Path.Combine(procs.Dir, "n.db")};Mode=ReadOnly");
        db.Open();
        foreach (var e in listed)
        {
            using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT hash FROM event WHERE seq = $s";
            cmd.Parameters.AddWithValue("$s", e.GetProperty("seq").GetInt64());
            var hash = Convert.ToHexStringLower((byte[])cmd.ExecuteScalar()!);
            Assert.Equal(hash, e.GetProperty("hash").GetString());
        }
    }
}

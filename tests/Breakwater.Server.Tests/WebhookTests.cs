using System.Net;
using System.Text.Json;
using Breakwater.Testing;

namespace Breakwater.Server.Tests;

/// <summary>A watcher posts its findings to a webhook: a real HTTP receiver on loopback gets them as JSON.</summary>
public class WebhookTests
{
    [Fact]
    public async Task Watcher_PostsEachFindingOnce_ToItsWebhook()
    {
        using var procs = new Processes();
        NodeFixture.Write(procs.Dir);
        var url = $"http://127.0.0.1:{Ports.Free()}";
        var hook = $"http://127.0.0.1:{Ports.Free()}/hook/";
        using var receiver = new HttpListener();
        receiver.Prefixes.Add(hook);
        receiver.Start();
        procs.Start("node", "serve", "--open", "--db", "n.db", "--genesis", "genesis.json", "--replay", "scenario.json", "--speed", "200", "--accounts", "100", "--urls", url);
        using var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));
        var metrics = $"http://127.0.0.1:{Ports.Free()}/";
        procs.Start("w1", "watch", "--node", url, "--key", "w1.key", "--webhook", hook, "--metrics", metrics);

        var received = new List<JsonElement>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        while (!received.Any(r => r.GetProperty("type").GetString() == "oracle-divergence"))
        {
            var ctx = await receiver.GetContextAsync().WaitAsync(deadline.Token);
            Assert.Equal("POST", ctx.Request.HttpMethod);
            Assert.StartsWith("application/json", ctx.Request.ContentType);
            using (var reader = new StreamReader(ctx.Request.InputStream)) received.Add(JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone());
            ctx.Response.StatusCode = 204;
            ctx.Response.Close();
        }
        var f = received.First(r => r.GetProperty("type").GetString() == "oracle-divergence");
        Assert.Equal("High", f.GetProperty("severity").GetString());
        Assert.Equal(0, f.GetProperty("market").GetInt32());
        Assert.True(f.GetProperty("attested").GetBoolean());
        Assert.StartsWith("0x", f.GetProperty("watcher").GetString());
        // Once per incident key.
        var keys = received.Select(r => r.GetProperty("detector").GetString() + "|" + r.GetProperty("dedupKey").GetString()).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());

        // The watcher's own metrics: connected, reading, finding, and its attestation answered; promtool accepts the text.
        using var scrape = new HttpClient();
        var text = await scrape.GetStringAsync(metrics + "metrics");
        Assert.Contains("breakwater_watcher_connected 1", text);
        Assert.Matches(@"breakwater_watcher_findings_total\{detector=""oracle-divergence""\} [1-9]", text);
        Assert.Matches(@"breakwater_watcher_events_total [1-9]", text);
        var (exit, lint) = await Processes.PromtoolAsync(text, null, "check", "metrics");
        Assert.True(exit == 0, lint);
    }
}

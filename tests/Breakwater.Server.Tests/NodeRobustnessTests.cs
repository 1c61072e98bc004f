using Breakwater.Testing;
namespace Breakwater.Server.Tests;

public class NodeRobustnessTests
{
    [Fact]
    public void RefusedGenesis_LeavesNoDatabaseForTheNextStart()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bw-genesis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var db = Path.Combine(dir, "n.db");
            var genesis = Path.Combine(dir, "genesis.json");
            // The second deposit is refused (amount 0): genesis must apply whole or not at all.
            File.WriteAllText(genesis, """
                { "markets": [ { "id": 0, "symbol": "BTC-USD", "price": 30000 } ], "deposits": [ { "account": 1, "amount": 1000 }, { "account": 2, "amount": 0 } ] }
                """);
            var e = Assert.Throws<FormatException>(() => new Node(new NodeOptions { Db = db, Genesis = genesis, Open = true }));
            Assert.Contains("genesis transaction Deposit refused", e.Message);
            Assert.False(File.Exists(db), "a refused genesis left a database behind");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task HugeAmounts_AreRefusedWithA4xx_AndTheNodeKeepsServing()
    {
        using var procs = new Processes();
        File.WriteAllText(Path.Combine(procs.Dir, "genesis.json"), """
            { "markets": [ { "id": 0, "symbol": "BTC-USD", "price": 30000 } ] }
            """);
        var url = $"http://127.0.0.1:{Ports.Free()}";
        procs.Start("node", "serve", "--open", "--db", "n.db", "--genesis", "genesis.json", "--urls", url);
        using var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var huge = await http.PostAsync("/v1/tx", new StringContent("""{"type":"deposit","account":1,"amount":1e100000000}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"parsing a huge exponent took {started.Elapsed}");
        var codes = new List<int>();
        for (var i = 0; i < 10; i++)
            codes.Add((int)(await http.PostAsync("/v1/tx", new StringContent("""{"type":"deposit","account":1,"amount":1000000000000}""", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.All(codes, c => Assert.True(c is 200 or 422, $"status {c}"));
        Assert.Contains(422, codes);
        var after = await http.PostAsync("/v1/tx", new StringContent("""{"type":"deposit","account":2,"amount":5}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, after.StatusCode);
    }
}

public class EventStreamHeaderTests
{
    [Fact]
    public async Task LastEventId_OutOfRange_Is400_AndWinsOverFrom()
    {
        using var procs = new Processes();
        File.WriteAllText(Path.Combine(procs.Dir, "genesis.json"), """
            { "markets": [ { "id": 0, "symbol": "BTC-USD", "price": 30000 } ], "deposits": [ { "account": 1, "amount": 1000 }, { "account": 2, "amount": 1000 } ] }
            """);
        var url = $"http://127.0.0.1:{Ports.Free()}";
        procs.Start("node", "serve", "--open", "--db", "n.db", "--genesis", "genesis.json", "--urls", url);
        using var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));
        using var bad = new HttpRequestMessage(HttpMethod.Get, "/v1/events?from=1");
        bad.Headers.Add("Last-Event-ID", long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.SendAsync(bad)).StatusCode);

        using var resume = new HttpRequestMessage(HttpMethod.Get, "/v1/events?from=1");
        resume.Headers.Add("Last-Event-ID", "2");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var resp = await http.SendAsync(resume, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await resp.Content.ReadAsStreamAsync(cts.Token));
        string? firstId = null;
        while (firstId is null && await reader.ReadLineAsync(cts.Token) is { } line)
            if (line.StartsWith("id:", StringComparison.Ordinal)) firstId = line[3..].Trim();
        Assert.Equal("3", firstId);
    }
}

public class RateLimitTests
{
    [Fact]
    public async Task Submissions_BeyondTheClientsRate_Get429WithAReason_ReadsAreNotLimited()
    {
        using var procs = new Processes();
        File.WriteAllText(Path.Combine(procs.Dir, "genesis.json"), """
            { "markets": [ { "id": 0, "symbol": "BTC-USD", "price": 30000 } ], "deposits": [ { "account": 1, "amount": 1000 } ] }
            """);
        var url = $"http://127.0.0.1:{Ports.Free()}";
        procs.Start("node", "serve", "--open", "--rate-limit", "5", "--durability", "full", "--db", "n.db", "--genesis", "genesis.json", "--urls", url);
        using var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));
        var statuses = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            using var r = await http.PostAsync("/v1/tx", new StringContent("""{"type":"deposit","account":1,"amount":1}""", System.Text.Encoding.UTF8, "application/json"));
            statuses.Add((int)r.StatusCode);
            if (r.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
                Assert.Contains("submissions per second", await r.Content.ReadAsStringAsync());
        }
        // A bucket of 10 (twice the rate) refilled by 5 a second: the first ten pass, and most of the forty cannot.
        Assert.All(statuses.Take(10), s => Assert.Equal(200, s));
        Assert.InRange(statuses.Count(s => s == 429), 15, 30);
        Assert.Equal(0, statuses.Count(s => s is not (200 or 429)));
        for (var i = 0; i < 40; i++) Assert.True((await http.GetAsync("/v1/state")).IsSuccessStatusCode);
    }
}

public class RequestGuardTests
{
    private static Microsoft.AspNetCore.Http.HttpRequest Request(string host, string method = "POST", string? origin = null, string? type = "application/json")
    {
        var ctx = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        ctx.Request.Method = method;
        ctx.Request.Host = new Microsoft.AspNetCore.Http.HostString(host);
        if (origin is not null) ctx.Request.Headers.Origin = origin;
        if (type is not null) ctx.Request.ContentType = type;
        return ctx.Request;
    }

    [Theory]
    [InlineData("127.0.0.1:8545", "POST", null, "application/json", null)]
    [InlineData("localhost:8545", "POST", "http://localhost:8545", "application/json; charset=utf-8", null)]
    [InlineData("evil.example:8545", "GET", null, null, 421)]
    [InlineData("127.0.0.1:8545", "POST", "http://evil.example", "application/json", 403)]
    [InlineData("127.0.0.1:8545", "POST", null, "text/plain", 415)]
    [InlineData("127.0.0.1:8545", "POST", null, "application/x-www-form-urlencoded", 415)]
    [InlineData("127.0.0.1:8545", "GET", "http://evil.example", null, null)]
    [InlineData("node.internal:9000", "POST", null, "application/json", null)]
    public void Check_RefusesForeignHostsOriginsAndNonJsonPosts(string host, string method, string? origin, string? type, int? expected)
    {
        var guard = RequestGuard.For(new NodeOptions { Urls = "http://127.0.0.1:8545", AllowedHosts = ["node.internal"] });
        Assert.Equal(expected, guard.Check(Request(host, method, origin, type))?.Status);
    }
}

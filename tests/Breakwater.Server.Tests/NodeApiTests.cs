using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Breakwater.Ledger;
using Breakwater.Testing;

namespace Breakwater.Server.Tests;

public class NodeApiTests
{
    private const string Genesis = """
        { "insuranceFundUsd": 100000,
          "markets": [ { "id": 0, "symbol": "BTC-USD", "price": 30000 } ],
          "deposits": [ { "account": 1, "amount": 10000000 }, { "account": 2, "amount": 10000000 } ] }
        """;

    private static async Task<(Processes Procs, HttpClient Http, string Url, System.Diagnostics.Process Node)> StartNode(string db = "n.db", Processes? procs = null)
    {
        procs ??= new Processes();
        File.WriteAllText(Path.Combine(procs.Dir, "genesis.json"), Genesis);
        var url = $"http://127.0.0.1:{Ports.Free()}";
        var node = procs.Start("node-" + Guid.NewGuid().ToString("N")[..6], "serve", "--open", "--db", db, "--genesis", "genesis.json", "--urls", url);
        return (procs, await Processes.WaitForNode(url, TimeSpan.FromSeconds(30)), url, node);
    }

    private static StringContent Json(string s) => new(s, Encoding.UTF8, "application/json");

    [Fact]
    public async Task BadInput_Is400WithAReason_UnknownRoute404_RefusalIs422()
    {
        var (procs, http, _, _) = await StartNode();
        using var _ = procs;
        foreach (var body in new[] { "{", "[]", """{"type":"warp"}""", """{"type":"deposit","account":1}""", """{"type":"deposit","account":"x","amount":1}""", """{"type":"oracleReport","market":0,"source":0,"price":"NaN"}""" })
        {
            var r = await http.PostAsync("/v1/tx", Json(body));
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains("error", await r.Content.ReadAsStringAsync());
        }
        var big = await http.PostAsync("/v1/tx", Json("""{"type":"deposit","account":1,"amount":1,"pad":" """ + new string('x', 70_000) + "\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, big.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v1/nothing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v1/accounts/999")).StatusCode);
        var refused = await http.PostAsync("/v1/tx", Json("""{"type":"oracleReport","market":0,"source":0,"price":0}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("InvalidPrice", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/v1/governance", Json("""{"role":"council"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task EventStream_ResumesFromASequenceWithoutGapsOrDuplicates()
    {
        var (procs, http, url, node) = await StartNode();
        using var _ = procs;
        for (var i = 0; i < 20; i++)
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/v1/tx", Json($$"""{"type":"trade","market":0,"buyer":1,"seller":2,"size":0.01,"price":30000}"""))).StatusCode);
        var seqs = await ReadSeqs(url, from: 1, count: 10);
        var rest = await ReadSeqs(url, from: seqs[^1] + 1, count: 14);
        Assert.Equal(Enumerable.Range(1, 24).Select(i => (long)i), seqs.Concat(rest));
    }

    private static async Task<List<long>> ReadSeqs(string url, long from, int count)
    {
        using var http = new HttpClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var resp = await http.GetAsync($"{url}/v1/events?from={from}", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await resp.Content.ReadAsStreamAsync(cts.Token));
        var seqs = new List<long>();
        while (seqs.Count < count && await reader.ReadLineAsync(cts.Token) is { } line)
            if (line.StartsWith("id: ", StringComparison.Ordinal)) seqs.Add(long.Parse(line[4..]));
        return seqs;
    }

    [Fact]
    public async Task KilledMidLoad_RestartKeepsEveryAcknowledgedTransaction()
    {
        var (procs, http, url, node) = await StartNode();
        using var _ = procs;
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<long>();
        using var load = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            using var h = new HttpClient { BaseAddress = new Uri(url) };
            while (!load.IsCancellationRequested)
            {
                try
                {
                    var r = await h.PostAsync("/v1/tx", Json($$"""{"type":"deposit","account":{{100 + c}},"amount":1}"""), load.Token);
                    if (r.IsSuccessStatusCode) acknowledged.Add((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("height").GetInt64());
                }
                catch (Exception) { return; }
            }
        })).ToList();
        await Task.Delay(1_500);
        node.Kill(entireProcessTree: true); // SIGKILL mid-load: no chance to flush anything
        node.WaitForExit();
        load.Cancel();
        await Task.WhenAll(clients);
        Assert.NotEmpty(acknowledged);

        var db = Path.Combine(procs.Dir, "n.db");
        var verified = LogVerifier.Verify(db, Breakwater.Crypto.EthereumVerifier.Instance);
        Assert.True(verified.Ok, verified.Message);
        // Every acknowledged height is in the log.
        Assert.True(verified.Transactions >= acknowledged.Max(), $"log has {verified.Transactions} transactions, a client was told {acknowledged.Max()}");
        var (_, http2, _, _) = await StartNode("n.db", procs);
        using var state = JsonDocument.Parse(await http2.GetStringAsync("/v1/state"));
        Assert.Equal(verified.Transactions, state.RootElement.GetProperty("height").GetInt64());
        Assert.Equal(verified.StateHash, state.RootElement.GetProperty("stateHash").GetString());
    }
}

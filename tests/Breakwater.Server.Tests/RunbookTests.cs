using System.Text.Json;
using Breakwater.Testing;

namespace Breakwater.Server.Tests;

/// <summary>The council's prepared containment, end to end: prepare, list, sign with two of three keys, submit to a real node.</summary>
public class RunbookTests
{
    [Fact]
    public async Task PreparedRunbook_SignedAheadOfTime_PausesTheMarket_AndCannotBeReplayed()
    {
        using var procs = new Processes();
        NodeFixture.Write(procs.Dir);
        File.WriteAllText(Path.Combine(procs.Dir, "genesis.json"), """
            { "governance": "governance.json", "markets": [ { "id": 0, "symbol": "BTC-USD", "price": 30000 } ] }
            """);
        var url = $"http://127.0.0.1:{Ports.Free()}";
        procs.Start("node", "serve", "--open", "--db", "n.db", "--genesis", "genesis.json", "--urls", url);
        var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));

        var (exit, output) = await procs.RunAsync("prepare", "runbook", "prepare", "--governance", "governance.json", "--market", "0", "--operation", "0x" + new string('a', 64));
        Assert.True(exit == 0, output);
        var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(procs.Dir, "runbooks", "index.json"))).RootElement;
        Assert.Equal(["pause-opening-market-0", "reduce-only-market-0", "halt-market-0", "protocol-pause", "veto-aaaaaaaaaa"],
            index.EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray());
        (exit, output) = await procs.RunAsync("list", "runbook", "list");
        Assert.True(exit == 0, output);
        Assert.Contains("0 / 2", output);

        // Unsigned, the node refuses it and nothing is paused.
        (exit, output) = await procs.RunAsync("submit0", "runbook", "submit", "reduce-only-market-0", "--node", url);
        Assert.Equal(2, exit);
        Assert.Equal("None", await Paused(http));

        foreach (var k in new[] { "c1.key", "c2.key" })
        {
            (exit, output) = await procs.RunAsync("sign-" + k, "runbook", "sign", "reduce-only-market-0", "--key", k);
            Assert.True(exit == 0, output);
        }
        (exit, output) = await procs.RunAsync("show", "runbook", "show", "reduce-only-market-0");
        Assert.True(exit == 0, output);
        Assert.Contains("signatures: 2 of 2 needed", output);
        Assert.Contains("when:", output);

        (exit, output) = await procs.RunAsync("submit1", "runbook", "submit", "reduce-only-market-0", "--node", url);
        Assert.True(exit == 0, output);
        Assert.Equal("Open, Liquidate, Withdraw, ParameterUpdate", await Paused(http));
        (exit, _) = await procs.RunAsync("submit2", "runbook", "submit", "reduce-only-market-0", "--node", url);
        Assert.Equal(2, exit); // the same signed message twice is a replay

        (exit, output) = await procs.RunAsync("missing", "runbook", "show", "no-such");
        Assert.NotEqual(0, exit);
        Assert.Contains("known: pause-opening-market-0", output);

        var catalog = JsonDocument.Parse(await http.GetStringAsync("/v1/runbooks")).RootElement;
        Assert.Contains(catalog.EnumerateArray(), r => r.GetProperty("name").GetString() == "reduce-only"
            && r.GetProperty("triggers").EnumerateArray().Any(t => t.GetString() == "OracleTooVolatile"));
    }

    private static async Task<string> Paused(HttpClient http)
        => JsonDocument.Parse(await http.GetStringAsync("/v1/markets/0")).RootElement.GetProperty("paused").GetString()!;
}

using Breakwater.Testing;
namespace Breakwater.Server.Tests;

public class MetricsTests
{
    [Fact]
    public async Task Metrics_PassPromtoolAndCountWhatHappened()
    {
        using var procs = new Processes();
        File.WriteAllText(Path.Combine(procs.Dir, "genesis.json"), """
            { "markets": [ { "id": 0, "symbol": "BTC-USD", "price": 30000 } ], "deposits": [ { "account": 1, "amount": 1000000 }, { "account": 2, "amount": 1000000 } ] }
            """);
        var url = $"http://127.0.0.1:{Ports.Free()}";
        procs.Start("node", "serve", "--open", "--db", "n.db", "--genesis", "genesis.json", "--urls", url);
        using var http = await Processes.WaitForNode(url, TimeSpan.FromSeconds(30));
        await http.PostAsync("/v1/tx", new StringContent("""{"type":"trade","market":0,"buyer":1,"seller":2,"size":1,"price":30000}""", System.Text.Encoding.UTF8, "application/json"));
        await http.PostAsync("/v1/tx", new StringContent("""{"type":"withdraw","account":1,"amount":999999999}""", System.Text.Encoding.UTF8, "application/json"));
        var text = await http.GetStringAsync("/metrics");
        Assert.Contains("breakwater_transactions_applied_total{kind=\"Trade\"} 1", text);
        Assert.Contains("breakwater_transactions_rejected_total{reason=\"InsufficientCollateral\"} 1", text);
        Assert.Contains("breakwater_market_level{market=\"BTC-USD\"} 0", text);

        var (exit, output) = await Processes.PromtoolAsync(text, null, "check", "metrics");
        Assert.True(exit == 0, output);
    }
}
